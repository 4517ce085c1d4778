# /swot: the curator's SWOT analysis per form of mentorship (handlers/curator/swot.py,
# bot/services/swot.py), and its report in /reports.

cmd-swot = SWOT analysis per form

## The list of forms

swot-title = 🧭 <b>SWOT analysis per form of mentorship</b>
    Programme { $year }
swot-intro = At the end of the year, assess each form of mentorship the programme ran: its strengths and weaknesses, opportunities and threats. Choose a form — its figures are shown next to the analysis.
swot-no-forms = The programme has no forms of mentorship yet.
swot-line-empty = ▫️ <b>{ $form }</b> — not started
swot-line-partial = ✏️ <b>{ $form }</b> — { $count } of { $total } written, edited { $date }
swot-line-done = ✅ <b>{ $form }</b> — done, edited { $date }
swot-button-form = { $mark } { $form }{ $count ->
        [0] {""}
        [4] {""}
       *[other] { " · " }{ $count }/{ $total }
    }
swot-button-file = 📄 "SWOT analysis" report (XLSX)

## A form's review

swot-review-title = 🧭 <b>SWOT analysis: { $form }</b>
swot-review-empty = The analysis has not been started.
swot-review-partial = { $count } of { $total } written, edited { $date }.
swot-review-done = ✅ The analysis is done, edited { $date }.
swot-fig-head = <b>The form's figures</b>
swot-fig-people = Participants: mentors — { $mentors }, mentees — { $mentees }
swot-fig-pairs = Pairs: formed — { $pairs }, of them completed — { $completed }
swot-fig-meetings = Meetings held: { $count }
swot-fig-usefulness = Usefulness of meetings (last monthly poll, 1–10): mentors — { $mentors }; mentees — { $mentees }
swot-fig-goal = Goal reached (final survey): mentors — { $mentors }; mentees — { $mentees }
swot-rating-none = no answers
swot-rating-hidden = { $count } { $count ->
        [one] answer
       *[other] answers
    }, shown from { $min }
swot-rating-average = { $value } ({ $count } { $count ->
        [one] answer
       *[other] answers
    })
swot-rating-share = { $percent }% ({ $count } { $count ->
        [one] answer
       *[other] answers
    })
swot-head-strengths = 💪 Strengths
swot-head-weaknesses = 🩹 Weaknesses
swot-head-opportunities = 🌱 Opportunities
swot-head-threats = ⛈ Threats
swot-not-written = — not written
swot-button-fill = ✍️ Fill in part by part
swot-button-parts = ✏️ Edit one part
swot-button-list = ⬅️ Back to the forms
swot-parts-ask = Which part of the analysis of "{ $form }" do you want to edit?

## The question

swot-part-strengths = Strengths
swot-part-weaknesses = Weaknesses
swot-part-opportunities = Opportunities
swot-part-threats = Threats
swot-about-strengths = What went well in this form: the people, how the pairs worked, the mentees' results.
swot-about-weaknesses = What did not work or got in the way inside the programme: lack of time, pairs that rarely met, gaps in the mentors' training.
swot-about-opportunities = Outside conditions and resources to use next year: partners, competitions, support from parents and colleagues.
swot-about-threats = Outside risks that may get in the way: workload, mentors leaving, timetable changes.
swot-ask =
    🧭 <b>SWOT analysis: { $form }</b>
    Part { $number } of { $total }. <b>{ $part }</b>
    { $about }

    Write your answer in one message (up to { $limit } characters).
swot-current = Now:
    { $text }
swot-current-none = Now: not written.
swot-skip-keeps = "Skip" keeps the current text.
swot-skip-empty = You can skip this part and write it later.
swot-button-skip = Skip ➡️
swot-button-back = ⬅️ Back to the form's analysis
swot-type-text = The answer has to be text — please write it in a message.
swot-too-long = The text is too long: { $length } { $length ->
        [one] character
       *[other] characters
    }, and at most { $limit } are allowed. Please shorten it and send it again.
swot-note-saved = ✅ Saved: "{ $part }".
swot-note-skipped = "{ $part }" skipped, the text has not changed.
swot-note-complete = ✅ All four parts of the analysis of "{ $form }" are written.
swot-stale = This button no longer works. Open /swot again.
swot-stale-text = This question is closed. Open /swot to go on with the analysis.

## The report (XLSX)

rep-button-swot = 🧭 SWOT analysis per form of mentorship
swot-file = SWOT analysis { $year }
swot-caption = SWOT analysis per form of mentorship as of { $date }: done for { $done } of { $forms } { $forms ->
        [one] form
       *[other] forms
    }.
swot-report-title = SWOT analysis per form of mentorship
swot-report-sheet = SWOT analysis
swot-report-no-forms = The programme has no forms of mentorship yet.
swot-report-form = Form of mentorship: { $form }
swot-report-figures = The form's figures
swot-report-mentors = Mentors (consented)
swot-report-mentees = Mentees (consented)
swot-report-pairs = Pairs formed
swot-report-completed = Of them completed
swot-report-meetings = Meetings held
swot-report-satisfaction = Satisfaction
swot-report-col-mentors = Mentors
swot-report-col-mentees = Mentees
swot-report-usefulness-answers = Answers in the monthly poll (each person's last)
swot-report-usefulness = Average usefulness of meetings (1–10)
swot-report-exit-answers = Answers in the final survey
swot-report-goal = Goal reached (share answering "yes")
swot-report-analysis = SWOT analysis
swot-report-empty-part = not written
swot-report-not-done = No SWOT analysis has been done for this form yet.
swot-report-updated = Last edited
