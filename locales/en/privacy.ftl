## /privacy: what the bot keeps about a person, a copy of the data, withdrawing consent (152-FZ)

privacy-title = <b>Your data in the bot</b>
privacy-intro = Here is everything the bot keeps about you, and why. The operator of the personal data is the school; the data is kept by the mentorship programme curator (Federal Law No. 152-FZ).
privacy-purpose = Forming mentor–mentee pairs, planning meetings, feedback and reports of the mentorship programme.
privacy-account = Telegram account: id { $id }, language: { $language }. Needed so that the bot can write to you.
privacy-language-unknown = not chosen
privacy-participation = <b>{ $school }</b>: { $role }, form "{ $form }"
privacy-school-unknown = School
privacy-name = Name: { $name }
privacy-class = Class or position: { $value }
privacy-status = Status: { $status }
privacy-why = Why: { privacy-purpose }
privacy-consent = Consent ({ $kind }): { $date }, text version { $version }
privacy-consents-none = Consent: not given
privacy-questionnaires = Questionnaires and surveys kept: { $list }
privacy-questionnaires-none = No questionnaires kept
privacy-period-baseline = at the start
privacy-period-final = at the end
privacy-pair = Pair: { $name } ({ $side ->
        [mentor] mentee
       *[mentee] mentor
    }), { $status ->
        [active] active
       *[completed] completed
    }
privacy-meetings = Meetings in pairs: { $count }
privacy-plan = Development plan: { $goals } { $goals ->
        [one] goal
       *[other] goals
    }, { $tasks } { $tasks ->
        [one] task
       *[other] tasks
    }
privacy-concerns = Your messages to the curator: { $count }
privacy-notes = The curator's notes about you: { $count } (source: { $sources }). Their text is in the copy of your data.
privacy-notes-none = The curator has no notes about you.
privacy-child = <b>Consent for your child</b>: { $name } — { $school }, { $role }, form "{ $form }". You gave consent on { $date } (text version { $version }).
privacy-child-default = your child
privacy-staff = You are a curator: { $school }. Your Telegram id and name are kept for your work as a curator.
privacy-nothing = The bot keeps nothing about you.
privacy-rights =
    Download a copy of your data or withdraw your consent with the buttons below. After you withdraw, your answers, notes and texts are deleted and your pair ends; only anonymous figures stay in the programme's statistics. Questions — to the programme curator.
privacy-btn-download = 📄 Download my data (JSON)
privacy-btn-withdraw = Withdraw consent: { $role }, "{ $form }"
privacy-btn-withdraw-child = Withdraw consent for: { $name }
privacy-file-caption = All the data the bot keeps about you, as of { $date }.
privacy-file-nothing = The bot keeps nothing about you — there is nothing to download.
privacy-json-about = A copy of the personal data the mentorship programme bot keeps about you (article 14 of Federal Law No. 152-FZ). Codes (role, form, status) are as stored in the database; texts are as you typed them.

privacy-confirm =
    <b>Withdraw your consent to personal data processing?</b>
    Participation: { $role }, form "{ $form }", { $school }.

    What happens:
    • your questionnaire and survey answers, the curator's notes about you, your messages to the curator, the development plan, meeting topics you proposed and your name are deleted;
    • your pair, if you have one, ends — the other participant and the curator are told;
    • the bot stops sending you messages about this programme;
    • only anonymous figures stay in the programme's statistics (how many pairs and meetings there were).

    This cannot be undone. You can come back to the programme only with a new invitation.
privacy-confirm-child =
    <b>Withdraw consent for your child: { $name }?</b>
    Participation: { $role }, form "{ $form }", { $school }.

    What happens:
    • the child's questionnaire and survey answers, the curator's notes about them, their messages to the curator, the development plan, meeting topics and name are deleted;
    • the pair, if there is one, ends — the other participant and the curator are told;
    • the bot stops sending the child messages about this programme;
    • only anonymous figures stay in the programme's statistics.

    This cannot be undone.
privacy-btn-confirm = Yes, withdraw and delete
privacy-btn-cancel = Cancel
privacy-cancelled = All right, nothing has changed. Your data and consent stay as they were.
privacy-withdrawn = Your consent is withdrawn and your data is deleted. Thank you for taking part in the programme! If you want to come back, ask the curator for a new invitation.
privacy-withdrawn-child = Consent for your child ({ $name }) is withdrawn and their data is deleted.

privacy-partner-notice = Your pair (form "{ $form }", since { $date }) has ended: your { $side ->
        [mentor] mentor
       *[mentee] mentee
    } no longer takes part in the programme. The curator will contact you about the next steps.
privacy-curator-withdrawn = { $by ->
        [parent] A parent withdrew consent for a participant
       *[self] A participant withdrew their consent
    } ({ $role }, form "{ $form }") to personal data processing. Their data is deleted; the statistics count them anonymously.
privacy-curator-pair = Pair No. { $pair } ("{ $form }") has ended; left without a pair: { $other }.
