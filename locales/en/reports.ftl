# /reports: the curator's reports (handlers/curator/reports.py, bot/services/reports.py).

cmd-reports = Reports and exports

## The screen

rep-menu =
    📑 <b>Reports</b>
    Programme { $year }. Choose a report and the bot will send a file.
rep-button-full = 📦 Full export (XLSX)
rep-button-people-csv = 👥 Participants (CSV)
rep-button-quarters = 🗓 Quarterly roadmap report
rep-button-annual = 📊 Annual figures (by 20 January)
rep-button-impact = 📈 Monitoring of impact
rep-button-satisfaction = 😊 Participants' satisfaction
rep-button-registry-xlsx = 🏅 Registry of mentors (XLSX)
rep-button-registry-csv = 🏅 Registry of mentors (CSV)
rep-button-back = ⬅️ Back to the reports
rep-button-skip = Skip ➡️
rep-quarters-ask =
    🗓 <b>Quarterly roadmap report</b>
    Choose a quarter. The report is due by the 10th of the month after the quarter.
rep-button-quarter = { $quarter } { $year } — due by { $deadline }
rep-annual-ask =
    📊 <b>Annual figures</b> (due by { $deadline })
    How many students of grades 5–11 (aged 10–19) does the school have? Type the number and the bot will work out the share involved in mentorship and compare it with the 70 % target.
    If you do not have the number at hand, press “Skip”: the report will give the number involved, and you can work out the share yourself.
rep-students-invalid = Please type a number in digits, from 1 to { $max }, or press “Skip”.
rep-students-too-few = { $involved ->
        [one] { $involved } student
       *[other] { $involved } students
    } aged 10–19 are already in pairs; the school cannot have fewer. Please check the number.
rep-stale = This button no longer works. Please open /reports again.

## Files and captions

rep-file-full = Export { $year }
rep-file-people = Participants { $year }
rep-file-quarter = Roadmap — { $quarter } { $year }
rep-file-annual = Annual figures { $year }
rep-file-impact = Monitoring of impact { $year }
rep-file-satisfaction = Satisfaction { $year }
rep-file-registry = Registry of mentors
rep-caption-full = Full export as of { $date }: { $people ->
        [one] { $people } participant
       *[other] { $people } participants
    }, { $pairs ->
        [one] { $pairs } pair
       *[other] { $pairs } pairs
    }, { $meetings ->
        [one] { $meetings } meeting
       *[other] { $meetings } meetings
    }.
rep-caption-people = Participants of the programme as of { $date }: { $count ->
        [one] { $count } record
       *[other] { $count } records
    }.
rep-caption-quarter = Roadmap progress report for { $quarter } { $year }. Due by { $deadline }.
rep-caption-annual = Annual figures as of { $date }. Due by { $deadline }.
rep-caption-impact = Monitoring of impact: mentees' baseline and final self-assessment as of { $date }.
rep-caption-satisfaction = Participants' satisfaction as of { $date }: exit questionnaires and the last feedback.
rep-caption-registry = Registry of mentors for the school's website: { $count ->
        [one] { $count } mentor
       *[other] { $count } mentors
    }.

## Cells shared by the reports

rep-hidden = —
rep-footnote-few = — fewer than { $min } answers: not shown, so that nobody's own answer can be identified.
rep-footnote-feedback = — fewer than { $min } anonymous answers in the month for this role and form: the scores are hidden, so that nobody can tell who gave them.
rep-no-name = Participant without a name (No. { $id })
rep-withdrawn = Withdrawn participant (data deleted)
rep-name-hidden = [name hidden]
rep-anonymous = anonymous
rep-not-done = no
rep-yes = yes
rep-no = no
rep-no-data = no data
rep-not-given = not given
rep-share-unknown = not calculated
rep-total = Total
rep-school-default = Educational organisation
rep-as-of = Programme { $year }. As of { $date }.
rep-stage = { $number }. { $name }
rep-all-forms = all forms
rep-everyone = All participants
rep-role-plural-mentor = Mentors
rep-role-plural-mentee = Mentees

rep-consent-self = the participant
rep-consent-parent = a parent (in the bot)
rep-consent-paper = a parent (on paper)
rep-status-invited = invited, no consent
rep-status-declined = declined consent
rep-status-awaiting-parent = awaiting a parent's consent
rep-status-questionnaire = filling in questionnaires
rep-status-active = taking part
rep-status-inactive = left
rep-pair-status-active = active
rep-pair-status-completed = completed
rep-rm-done = done
rep-rm-planned = planned
rep-rm-overdue = overdue
rep-rm-cancelled = cancelled

rep-sheet-participants = Participants
rep-sheet-pairs = Pairs
rep-sheet-meetings = Meetings
rep-sheet-plans = Development plans
rep-sheet-feedback = Feedback
rep-sheet-roadmap = Roadmap
rep-sheet-quarter = { $quarter } { $year }
rep-sheet-annual = Figures
rep-sheet-impact-forms = By form
rep-sheet-impact-people = By mentee
rep-sheet-satisfaction = Satisfaction
rep-sheet-registry = Registry of mentors

rep-col-name = Full name
rep-col-role = Role
rep-col-form = Form of mentorship
rep-col-class = Class / subject
rep-col-status = Status
rep-col-consent = Consent to data processing
rep-col-consent-date = Consent date
rep-col-mentor = Mentor
rep-col-mentee = Mentee
rep-col-starts = Start
rep-col-ends = End
rep-col-pair-status = Pair status
rep-col-completed = Completed
rep-col-history = History records
rep-col-when = Date and time
rep-col-kind = Kind of meeting
rep-col-format = Format
rep-col-meeting-status = Meeting status
rep-col-goal = Goal
rep-col-task = Task
rep-col-due = Due
rep-col-done = Done
rep-col-month = Month
rep-col-usefulness = Usefulness (1–10)
rep-col-meetings = Meetings in the month
rep-col-helped = What helped
rep-col-hard = What was hard
rep-col-author = Author
rep-col-stage = Stage
rep-col-event = Event
rep-col-responsible = Responsible
rep-col-rm-status = Status
rep-col-done-on = Done on
rep-col-number = No.
rep-col-days-overdue = Days overdue
rep-col-mentors = Mentors
rep-col-mentees = Mentees
rep-col-total = Total
rep-col-avg-usefulness = Average usefulness (1–10)
rep-col-answers = Answers
rep-col-goal-yes = Goal reached (“yes”)
rep-col-exit-answers = Exit questionnaires
rep-col-scale = Measure
rep-col-baseline = Baseline
rep-col-final = Final
rep-col-change = Change
rep-col-with-baseline = With a baseline
rep-col-with-final = With a final
rep-col-both = With both
rep-col-avg-baseline = Average baseline
rep-col-avg-final = Average final
rep-col-avg-change = Average change
rep-col-goal-partly = Goal partly reached
rep-col-goal-no = Goal not reached
rep-col-again-yes = Would take part again
rep-col-last-answers = Answers in the last feedback
rep-col-subject = Subject / class
rep-col-forms = Forms of mentorship
rep-col-mentees-helped = Mentees (in all)

## Quarterly roadmap report

rep-quarter-name-1 = Q1
rep-quarter-name-2 = Q2
rep-quarter-name-3 = Q3
rep-quarter-name-4 = Q4
rep-quarter-title = Roadmap progress report for { $quarter } { $year }
rep-quarter-period = Period: { $first }–{ $last }. Due by { $deadline }.
rep-quarter-summary = Planned for the quarter: { $planned }; of them done: { $done }, overdue: { $overdue }, cancelled: { $cancelled }. Done in the quarter beyond its plan: { $extra }.
rep-quarter-planned = 1. Planned for the quarter
rep-quarter-done = 2. Done in the quarter
rep-quarter-overdue = 3. Overdue as of { $date }
rep-quarter-none = no events

## Annual figures

rep-annual-title = Participants and effectiveness figures of the mentorship programme
rep-annual-deadline = Due by { $date }.
rep-annual-people = 1. Participants by role and form
rep-annual-people-unique = People in all (each counted once)
rep-annual-people-note = Counted: participants who consented to data processing (minors together with a parent).
rep-annual-pairs = 2. Mentoring pairs
rep-annual-pairs-total = Pairs formed
rep-annual-pairs-active = of them active
rep-annual-pairs-completed = of them completed
rep-annual-young = 3. Young teachers (0–{ $years } years of experience)
rep-annual-young-total = Young teachers among the mentees (by their questionnaire)
rep-annual-young-paired = of them with a mentor
rep-annual-young-share = Share of young teachers with a mentor
rep-annual-students = 4. Students aged 10–19 (grades 5–11)
rep-annual-students-involved = Involved in mentorship (in pairs, as mentees and mentors)
rep-annual-students-total = Students aged 10–19 in the school
rep-annual-students-share = Share involved
rep-annual-students-target = Target
rep-annual-students-reached = Target reached
rep-annual-students-note = The share is based on the number of students the curator gave.
rep-annual-students-unknown = The number of students was not given: divide { $involved } by the school's number of students in grades 5–11.
rep-annual-satisfaction = 5. Participants' satisfaction

## Monitoring of impact

rep-impact-title = Monitoring of the programme's impact: mentees' self-assessment at the start and at the end
rep-impact-coverage = Coverage
rep-impact-averages = Averages (over mentees with both assessments)
rep-no-baseline = no baseline
rep-no-final = no final assessment
rep-scale-total = Total score
rep-scale-confidence = Self-confidence
rep-scale-methods = Teaching methods
rep-scale-classroom = Discipline and interest of the class
rep-scale-parents = Talking with parents
rep-scale-motivation = Interest in learning
rep-scale-goals = Setting goals
rep-scale-career = Idea of a future profession
rep-scale-communication = Communication and teamwork

## Satisfaction survey

rep-satisfaction-title = Results of the participants' satisfaction survey (stage 7)
rep-satisfaction-note = Exit questionnaires are answered when a pair is completed; usefulness is from each participant's last monthly feedback.
