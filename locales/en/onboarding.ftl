## Invitation, welcome, consent

start-no-invite =
    Hello! This is the school mentorship programme bot.
    You can only join with an invitation link. Ask your school's mentorship programme curator for one and open the link again.
start-invite-unknown = There is no such invitation link. Check that you copied all of it, or ask the curator for a new one.
start-invite-revoked = This invitation link has been revoked. Ask the curator for a new one.
start-invite-expired = This invitation link has expired. Ask the curator for a new one.
start-invite-used = This invitation link has already been used. If it was meant for you, ask the curator for a new one.
start-already-in-role = You already take part in the programme in this role.
start-finish-first = Please finish the registration you started first (role: { $role }). Open the new link after that.
start-join-another-role =
    You already take part in the programme (role: { $role }).
    This link also invites you as "{ $new_role }" (form "{ $form }"). Join?
start-join-confirm = Yes, join
start-continue = Continue
start-already-member =
    You are a participant of the mentorship programme.
    Role: <b>{ $role }</b>, form: "{ $form }".
    The curator will tell you about the next steps. Your answers — /profile.

welcome =
    Hello! You have been invited to the school mentorship programme.
    Your role: <b>{ $role }</b>, form: "{ $form }".

    Mentorship is work in pairs: a mentor helps a mentee with concrete goals over the school year.

    <b>What happens next</b>
    1. You give your consent to personal data processing.
    2. You answer the questionnaire — it takes 5–10 minutes.
    3. The curator invites you to a group meeting, after which pairs are formed.

consent-school-default = the educational organisation where you study or work
consent-text =
    <b>Consent to personal data processing</b>

    Without your consent we store nothing about you (Federal Law No. 152-FZ "On Personal Data").

    <b>Operator:</b> { $school }; the data is kept by the mentorship programme curator.
    <b>Purpose:</b> forming mentor–mentee pairs, planning meetings, feedback and programme reports.
    <b>Which data:</b> name and Telegram account, role and form of mentorship, class or position, questionnaire and survey answers, meeting records.
    <b>What is done with it:</b> stored and used within the programme only; in reports to the school's management only in aggregate. Not passed to third parties.
    <b>For how long:</b> while you take part in the programme and one year after it ends. Then personal data is deleted and only anonymous statistics remain.
    <b>Withdrawal:</b> at any time — with the /privacy command in this bot, or through the programme curator. Your data will be deleted and your pair (if you have one) will end. /privacy also shows what is kept about you and lets you download a copy.

    <i>Text version: { $version }</i>
consent-accept = ✅ I agree
consent-decline = I do not agree
consent-thanks = Thank you, your consent is recorded.
consent-already-given = You have already answered this.
consent-declined =
    Understood. Without consent we cannot include you in the programme, so nothing was stored.
    If you change your mind, press the button below or send /start.
consent-reconsider = I changed my mind

consent-age-question = Are you 18 or older?
consent-age-adult = Yes, I am 18 or older
consent-age-minor = No, I am under 18

parent-link-for-minor =
    As you are under 18, we need the consent of one of your parents (or a legal guardian).

    Forward this link to your parent — they open it in their own Telegram and confirm:
    { $link }

    As soon as your parent agrees, I will send you the questionnaire. Until then your answers are not stored.
    If a paper form suits you better, bring a signed consent to the curator.
parent-link-invalid = This parent consent link is not valid or has already been used.
parent-link-own = This link is for your parent: they need to open it in their own Telegram.
parent-child-default = your child
consent-parent-text =
    <b>Parent's consent to personal data processing</b>

    You are asked to consent to the processing of personal data of { $child }, a participant of the school mentorship programme (Federal Law No. 152-FZ).

    <b>Operator:</b> { $school }; the data is kept by the mentorship programme curator.
    <b>Purpose:</b> pairing with a mentor, planning meetings, feedback and programme reports.
    <b>Which data:</b> the child's name and Telegram account, class, questionnaire and survey answers, meeting records.
    <b>What is done with it:</b> stored and used within the programme only; in reports only in aggregate. Not passed to third parties.
    <b>For how long:</b> while the child takes part in the programme and one year after it ends; then personal data is deleted.
    <b>Withdrawal:</b> at any time — with the /privacy command in this bot (in your Telegram), or through the programme curator. The child's data will be deleted.

    <i>Text version: { $version }</i>
consent-parent-accept = ✅ I am the parent and I agree
consent-parent-decline = I do not agree
parent-thanks = Thank you! Your consent is recorded. Your child will get a message and can fill in the questionnaire.
parent-declined-thanks = Understood, thank you for answering. Your child's data will not be stored. If you change your mind, ask your child to send the link again.
minor-parent-agreed = Your parent has given consent. You can fill in the questionnaire now.
minor-parent-declined = Your parent has not given consent yet, so the questionnaire cannot be filled in. If they change their mind, press "Continue" and I will send a new link for your parent.

done-mentee =
    Thank you! All done.
    The curator will review the answers and invite you to a group meeting of mentors and mentees — after it you will be able to choose a mentor.
    See or change your answers — /profile.
done-mentor =
    Thank you! All done.
    The curator will review the answers and invite you to a group meeting of mentors and mentees — after it pairs will be formed.
    See or change your answers — /profile.

profile-header = <b>My profile</b>
    Role: { $role }, form: "{ $form }".
profile-change = Change an answer
profile-saved = Answer saved.
profile-none = You do not take part in the programme yet. You can join with an invitation link from the curator.
profile-unfinished = Your registration is not finished yet. Shall we continue?
