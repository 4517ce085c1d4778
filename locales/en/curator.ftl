## Curator

curator-menu =
    <b>Curator menu</b>
    What shall we do?
curator-menu-invite = ➕ Invite participants
curator-menu-links = 🔗 Invitation links
curator-menu-import = 📄 Import a list (CSV/XLSX)
curator-menu-consents = 👪 Parents' consents

curator-no-programme = The mentorship programme has not been created yet. Restart the bot — it will create it.
curator-use-buttons = Please choose an option with a button.
curator-type-or-buttons = Please choose an option with a button or type your answer.
curator-bad-choice = There is no such option. Please choose one of the buttons.
curator-page = Page { $page } of { $pages }
curator-page-prev = ◀️ Back
curator-page-next = Next ▶️
curator-back = ⬅️ Back to the list

## A new invitation link (/invite)

invite-stale = This step is already done. To create a new link, send /invite.
invite-role-question =
    <b>New invitation link</b>
    Whom are you inviting?
invite-role-mentor = 🧑‍🏫 Mentor
invite-role-mentee = 🎓 Mentee
invite-form-question =
    Role: <b>{ $role }</b>.
    Choose the form of mentorship:
invite-no-forms = No form of mentorship is enabled in the programme, so there is no one to invite yet.
invite-kind-question =
    Role: <b>{ $role }</b>, form: "{ $form }".
    Which link shall I create?
invite-kind-personal = 👤 Personal — for one person
invite-kind-group = 👥 Group — for many people
invite-name-question =
    What is the name of the person this link is for? Type their full name (up to { $limit } { $limit ->
        [one] character
       *[other] characters
    }) — it helps you recognise them in lists.
    If you don't need a name, press "Skip".
invite-skip = Skip ➡️
invite-name-empty = The name is empty. Type a full name or press "Skip".
invite-name-too-long = The name is too long: { $length } { $length ->
        [one] character
       *[other] characters
    }, the limit is { $limit }. Please shorten it.
invite-expiry-question =
    How long shall the link work?
    Choose with a button or type the last day in the DD.MM.YYYY format, e.g. { $example }.
invite-expiry-days = { $days } { $days ->
        [one] day
       *[other] days
    }
invite-date-invalid = I could not read the date. Type it as DD.MM.YYYY, e.g. { $example }, or choose with a button.
invite-date-past = That date has passed. Give today or a later day.
invite-limit-question =
    The link will work until { $date } inclusive.
    How many people may join with it? Choose with a button or type a number from 1 to { $max }.
invite-limit-option = { $limit } { $limit ->
        [one] person
       *[other] people
    }
invite-limit-invalid = I need a whole number from 1 to { $max }, e.g. 25.
invite-name-none = no name given
invite-personal-done =
    ✅ <b>The personal link is ready</b>
    Role: <b>{ $role }</b>, form: "{ $form }"
    For: { $name }

    { $link }

    Send the link to this person. Only one person can join with it.
invite-group-done =
    ✅ <b>The group link is ready</b>
    Role: <b>{ $role }</b>, form: "{ $form }"
    Works until: <b>{ $date }</b> inclusive
    Can join: at most { $limit } { $limit ->
        [one] person
       *[other] people
    }

    { $link }

    Send the link to the class or staff chat.

## Active links (/links)

links-empty = There are no active invitation links. Create one — /invite.
links-title = <b>Active invitation links</b>: { $count }
links-numbered = <b>{ $number }.</b> { $item }
links-item =
    { $role }, "{ $form }" — { $kind }
    { $who } · { $expiry }
    { $link }
links-kind-personal = personal
links-kind-group = group
links-for = for: { $name }
links-uses = used { $uses } of { $max }
links-expires = until { $date }
links-no-expiry = no expiry
links-revoke-button = ❌ Revoke #{ $number }
links-revoke-question =
    <b>Revoke this link?</b>
    { $item }

    Those who have already joined with it stay in the programme, but nobody new can join.
links-revoke-confirm = Yes, revoke
links-revoked =
    ✅ The link is revoked: nobody can join with it now.
    { $link }
links-not-found = There is no such link.

## Importing a list (/import)

roster-ask =
    <b>Importing a participant list</b>
    Send a CSV or XLSX file with the columns:
    <b>full name; role; form; class or subject</b>

    Role is "mentor" or "mentee". Form as in the programme, e.g. "teacher — student". The first row may be a header.
    Up to 1 MB and { $rows } { $rows ->
        [one] row
       *[other] rows
    }. I will create a personal invitation link for each row and send back a file with the links.

    Cancel — /cancel.
roster-send-file = I am waiting for a CSV or XLSX file — send it as a document (📎 → File). Cancel — /cancel.
roster-wrong-type = This is neither CSV nor XLSX. Save the table in one of these formats and send it again. Cancel — /cancel.
roster-too-big = The file is larger than 1 MB. Split the list into several files and send them one by one.
roster-empty = There are no participant rows in the file. Check the file and send it again.
roster-unreadable = I could not read the file. Check that it really is CSV or XLSX (e.g. save it again from Excel) and send it again.
roster-too-many-rows = The file has more than { $max } { $max ->
        [one] row
       *[other] rows
    }. Split the list into several files.
roster-missing-columns = The header lacks { $count ->
        [one] a column
       *[other] columns
    }: { $columns }. The columns needed: full name; role; form; class or subject.
roster-download-failed = I could not get the file from Telegram. Please send it again.
roster-col-name = full name
roster-col-role = role
roster-col-form = form
roster-col-class = class/subject
roster-col-link = link
roster-col-error = error
roster-row-no-name = no full name
roster-row-name-too-long = the full name is longer than { $max } characters
roster-row-no-role = no role
roster-row-bad-role = unknown role "{ $value }": write "mentor" or "mentee"
roster-row-no-form = no form
roster-row-bad-form = unknown form "{ $value }"
roster-row-form-off = the form "{ $value }" is not enabled in the programme
roster-row-class-too-long = the class or subject is longer than { $max } characters
roster-done =
    Done: { $created ->
        [one] { $created } link created
       *[other] { $created } links created
    }, { $errors ->
        [0] no errors
        [one] { $errors } row with errors
       *[other] { $errors } rows with errors
    }.
roster-done-fix = The "error" column says what is wrong in each row with errors. Fix those rows and send them in a new file — the other rows already have their links.
roster-file-name = links

# Words that name the columns, roles and forms in an imported table (separated by |).
# Words of every language are accepted at once; case and spaces do not matter.
roster-words-name = full name | name | participant
roster-words-role = role
roster-words-form = form | mentorship form
roster-words-class = class or subject | class/subject | class, subject | class | subject | position
roster-words-mentor = mentor
roster-words-mentee = mentee

## Parents' consents (/consents)

consents-empty = Nobody is waiting for a parent's consent now.
consents-title =
    <b>Waiting for a parent's consent</b>: { $count }
    If a parent has brought a signed paper consent, record it — the participant can then fill in the questionnaire.
consents-item = <b>{ $number }.</b> { $name } — { $role }, "{ $form }", waiting since { $since }
consents-unnamed = participant #{ $id }
consents-button = 📝 Paper consent received: { $name }
consents-ask =
    <b>Record a parent's paper consent?</b>
    { $name } — { $role }, "{ $form }".

    Keep the signed form: it is the proof of consent.
consents-confirm = ✅ Yes, the consent is received
consents-not-waiting = This participant is no longer waiting for a parent's consent.
consents-done = ✅ Paper consent recorded: { $name }. The participant got a message and can fill in the questionnaire.
minor-paper-consent = The curator has received your parent's paper consent. You can now fill in the questionnaire — press "Continue".
