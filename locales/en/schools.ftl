# Several schools: the municipal coordinator (handlers/coordinator.py), the school's curators
# (handlers/curator/team.py) and curator links (/start s_…, handlers/start.py).

cmd-schools = Schools: all side by side
cmd-school_add = Add a school
cmd-curators = The school's curators

help-coordinator =
    <b>Coordinator's commands</b>
    /schools — all schools side by side: stages, participants, pairs, meetings, feedback (no personal data)
    /school_add — add a school and get a link for its curator
    /start — the coordinator's menu
    /cancel — leave the current dialog

coordinator-menu =
    <b>Coordinator's menu</b>
    Here you see every school's figures — never data about individual people.

schools-unnamed = Unnamed school
schools-btn-overview = 🏫 Schools overview
schools-btn-add = ➕ Add a school
schools-btn-xlsx = 📄 XLSX table
schools-btn-link = 🔗 Link for a curator

schools-title = 🏫 <b>Schools on { $date }</b>
schools-total = In all { $schools } { $schools ->
        [one] school
       *[other] schools
    }: { $consented } consented, { $pairs } { $pairs ->
        [one] pair
       *[other] pairs
    }, { $held } { $held ->
        [one] meeting
       *[other] meetings
    } this month, feedback { $feedback }, score { $average }
schools-row = { $n }. <b>{ $name }</b> — stage { $stage } · consents { $consented }/{ $invited } · pairs { $pairs } · meetings { $held } · feedback { $feedback } · score { $average } · overdue { $overdue }
schools-none = No schools yet. Add the first one: /school_add
schools-legend = <i>Consents — of those invited; meetings — held this month; feedback — share who answered this month's poll; score — average usefulness of meetings (shown from 3 answers); overdue — roadmap events.</i>
schools-not-found = There is no such school.

schools-card-title = 🏫 <b>{ $name }</b>
schools-curators = { $count ->
        [0] No curator yet — send a link for a curator.
        [one] { $count } curator
       *[other] { $count } curators
    }
schools-no-programme = The programme has not started yet.

schools-ask-name = What is the school called? Type its full name, e.g. School No. 5 (up to { $max } characters). To cancel — /cancel.
schools-name-text = Please type the school's name as text. To cancel — /cancel.
schools-name-length = The name must be { $min } to { $max } characters long; yours is { $length }. Please try again.
schools-name-taken = The school “{ $name }” already exists. Type another name or open it in /schools.
schools-added = ✅ The school “{ $name }” is added, with this academic year's programme and its roadmap.
schools-link =
    A link for the curator of “{ $school }”:
    { $link }

    Forward it to the curator. It works once and until { $date }. Whoever opens it sees only their own school.

schools-xlsx-wait = Preparing the table…
schools-xlsx-file = Schools overview { $date }
schools-xlsx-caption = An overview of { $count } { $count ->
        [one] school
       *[other] schools
    }: figures without personal data.
schools-xlsx-sheet = Schools
schools-xlsx-school = School
schools-xlsx-stage = Stage
schools-xlsx-invited = Invited
schools-xlsx-consented = Consented
schools-xlsx-questionnaire = Questionnaires done
schools-xlsx-mentors = Mentors (consented)
schools-xlsx-mentees = Mentees (consented)
schools-xlsx-pairs = Active pairs
schools-xlsx-unpaired = Mentees without a mentor
schools-xlsx-held-this = Meetings this month
schools-xlsx-held-last = Meetings last month
schools-xlsx-feedback = Answered this month's poll
schools-xlsx-average = Average usefulness of meetings (1–10)
schools-xlsx-overdue = Overdue events
schools-xlsx-total = Total
schools-xlsx-note = The average score is shown only with at least { $min } answers, so that no single student's score can be traced.

team-title = 👥 <b>Curators: { $school }</b>
team-item = { $n }. { $name }
team-me = { $name } (you)
team-no-name = user { $id }
team-hint = Invite a colleague with a single-use link: they will see only your school.
team-invite = ➕ Invite a curator
team-remove = ✖️ Remove: { $name }
team-remove-question = Remove { $name } from the school's curators? Their access to the programme's data ends at once.
team-remove-yes = Yes, remove
team-removed = { $name } is no longer a curator.
team-not-found = This curator cannot be removed here.
team-you-removed = You are no longer a curator of “{ $school }”. If this is a mistake, write to the programme's coordinator.
team-link =
    A link for a new curator of “{ $school }”:
    { $link }

    Forward it to your colleague. It works once and until { $date }.

staff-link-welcome = ✅ You are a curator of “{ $school }”. The curator's commands are listed in /help.
staff-link-already = You are already a curator of “{ $school }”.
staff-link-unknown = This link was not found. Ask whoever sent it for a new one.
staff-link-used = This link has already been used. Ask whoever sent it for a new one.
staff-link-expired = This link has expired. Ask whoever sent it for a new one.
staff-link-revoked = This link has been revoked. Ask whoever sent it for a new one.
staff-link-other-school = You are already a curator of another school. A curator runs one school; to move to “{ $school }”, ask to be removed from your previous school's curators.
