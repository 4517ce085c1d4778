## Pair life: /pair, /plan, concerns (handlers/pair.py) and the curator's /pairs (handlers/curator/pairs.py)

pair-none = You have no active pair right now. When the curator fixes a pair, its card will appear here.
pair-not-given = not given
pairs-unknown-person = no name

pair-card-title = <b>Your pair</b>
pair-card-other-mentor = Mentor: <b>{ $name }</b>
pair-card-other-mentee = Mentee: <b>{ $name }</b>
pair-card-form = Form: { $form }
pair-card-period = Period: { $start } to { $end }
pair-card-requests = Mentee's requests: { $requests }
pair-card-goal = Mentee's goal: { $goal }

pair-btn-plan = Development plan
pair-btn-concern = Something is wrong in the pair
pair-btn-replacement = Ask to replace the mentor
pair-btn-send-no-comment = Send without a comment
pair-btn-add-goal = ➕ Add a goal
pair-btn-add-task = ➕ Task for goal { $number }
pair-btn-done = ⬜ { $title }
pair-btn-undo = ✅ { $title } (undo)
pair-btn-no-due = No due date
pair-btn-exit-questionnaire = Fill in the final questionnaire

pair-plan-title = <b>Development plan: { $mentee }</b>
pair-plan-empty = The plan has no goals yet. Add the first goal with the button below.
pair-plan-progress = Done: { $done } of { $total } { $total ->
        [one] task
       *[other] tasks
    }
pair-plan-goal = 🎯 <b>{ $number }. { $title }</b>
pair-plan-no-tasks = — no tasks yet
pair-plan-task = ▫️ { $title }
pair-plan-task-due = ▫️ { $title } — due { $due }
pair-plan-task-done = ✅ { $title }

pair-ask-goal = Write the goal in one message (at most { $limit } { $limit ->
        [one] character
       *[other] characters
    }).
pair-ask-task = Write a task for the goal “{ $goal }” (at most { $limit } { $limit ->
        [one] character
       *[other] characters
    }).
pair-ask-due = By what date should the task be done? Write the date as DD.MM.YYYY or press “No due date”.
pair-goal-added = Goal added.
pair-task-added = Task added.
pair-task-marked = Task marked as done.
pair-task-unmarked = Mark removed.

pair-input-empty = The message is empty. Please write some text.
pair-input-too-long = The text is too long: { $length } { $length ->
        [one] character
       *[other] characters
    } with a limit of { $limit }. Please shorten it.
pair-input-date = Could not read the date. Write it as DD.MM.YYYY, for example 25.12.2026.

pair-ask-concern = Tell the curator what is wrong (at most { $limit } { $limit ->
        [one] character
       *[other] characters
    }). Only the curator will see it; your pair will not be told.
pair-ask-replacement = Why do you want another mentor? Write a few words (at most { $limit } { $limit ->
        [one] character
       *[other] characters
    }) or send the request without a comment.
pair-replacement-mentee-only = Only the mentee can ask to replace the mentor.
pair-concern-sent = Thank you, the curator has your message. The mentor and the mentee will not be told.
pair-replacement-sent = Your request to replace the mentor has been sent to the curator. The mentor will not be told.

pair-notify-replaced-mentee = The curator has replaced your mentor. Your new mentor: <b>{ $mentor }</b>. The pair's period has not changed.
pair-notify-replaced-new = You are now the mentor of <b>{ $mentee }</b>. The pair lasts until { $end }. The pair's card: /pair.
pair-notify-replaced-old = The curator has passed your mentee ({ $mentee }) to another mentor. Thank you for your work!
pair-notify-extended = The curator has extended your pair until { $end }.
pair-notify-completed = The curator has completed your pair ({ $other }). Thank you for taking part! Please answer a few questions of the final questionnaire.

## Curator

pairs-list-title = <b>Active pairs</b>: { $count } (page { $page } of { $pages })
pairs-list-empty = There are no active pairs yet.
pairs-list-item = { $mentee } ← { $mentor } (until { $end })
pairs-btn-prev = ◀️ Back
pairs-btn-next = Next ▶️
pairs-btn-list = To the list of pairs
pairs-btn-back = Back
pairs-btn-plan = Development plan
pairs-btn-extend = Extend
pairs-btn-replace = Replace the mentor
pairs-btn-complete = Complete the pair
pairs-btn-close-concern = Close
pairs-btn-open-card = Pair card

pairs-card-title = <b>Pair No. { $pair }</b>
pairs-card-mentor = Mentor: <b>{ $name }</b>
pairs-card-mentee = Mentee: <b>{ $name }</b>
pairs-card-status-active = Status: active
pairs-card-status-completed = Status: completed
pairs-card-open-concerns = Open concerns: { $count }
pairs-card-history = <b>History</b>

pairs-event-created = pair created, mentor { $mentor }
pairs-event-extended = extended ({ $reason }): from { $old } to { $new }
pairs-event-replaced = mentor replaced ({ $reason }): { $old } → { $new }
pairs-event-completed = pair completed ({ $reason })
pairs-event-other = event “{ $kind }”

pairs-ext-reason-illness = illness
pairs-ext-reason-business-trip = business trip
pairs-ext-reason-other-absence = another long absence
pairs-rep-reason-left-school = left the school
pairs-rep-reason-incompatibility = psychological incompatibility
pairs-rep-reason-duties-failure = systematic failure of duties
pairs-rep-reason-disciplinary = disciplinary action
pairs-rep-reason-request = a justified request of either side
pairs-cmp-reason-on-time = on time
pairs-cmp-reason-goal-reached = early: the goal is reached
pairs-cmp-reason-other = for another reason
pairs-cmp-reason-withdrawn = a participant withdrew their consent to data processing

pairs-ask-new-end = The pair now lasts until { $end }. Write the new end date as DD.MM.YYYY (no later than { $last }: a pair lasts at most a year).
pairs-ask-replace-reason = Replacing the mentor { $mentor } for { $mentee }. Choose the reason:
pairs-ask-new-mentor = Choose the new mentor (active mentors with free places):
pairs-ask-complete-reason = Why is the pair completed?
pairs-no-candidates = There are no active mentors with free places.
pairs-extended-done = The pair is extended until { $end }. The members have been told.
pairs-replaced-done = The mentor is replaced. The mentee and the new and old mentors have been told.
pairs-completed-done = The pair is completed. The members have been sent the final questionnaire.
pairs-concern-closed = Concern closed.
pairs-concern-already-closed = The concern is already closed.

pairs-curator-concern = ⚠️ <b>Concern about pair No. { $pair }</b>
    Mentor: { $mentor }
    Mentee: { $mentee }
    Raised by: { $who } ({ $role })

    { $text }
pairs-curator-replacement = 🔁 <b>Request to replace the mentor, pair No. { $pair }</b>
    Mentor: { $mentor }
    Mentee: { $mentee }
    Asked by: { $who } ({ $role })

    Comment: { $text }

pairs-error-not-mentor = This person is not a mentor of this programme.
pairs-error-not-mentee = This person is not a mentee of this programme.
pairs-error-not-ready = The mentor has not finished registration or is deactivated.
pairs-error-form-mismatch = The mentor does not work in this pair's form.
pairs-error-mentee-paired = The mentee already has a pair.
pairs-error-mentor-full = The mentor has no free places: at most two mentees at once.
pairs-error-same-person = The mentor and the mentee are the same person.
pairs-error-not-active = The pair is already completed.
pairs-error-bad-reason = Unknown reason.
pairs-error-bad-date = The new date must be later than the current end date. Write another date.
pairs-error-over-a-year = Not possible: a pair lasts at most one year. The last possible day is { $last }. Write another date.

## Exit questionnaire (questionnaires/definitions/exit.toml)

qn-exit-title = Final questionnaire
qn-exit-intro = The final questionnaire: { $count } { $count ->
        [one] question
       *[other] questions
    }. Your answers will help make the programme better.
q-exit-goal-reached = Did you reach the goal set in the pair?
q-exit-what-helped = What helped the most?
q-exit-again = Would you take part in mentoring again?
opt-exit-goal-yes = Yes
opt-exit-goal-partly = Partly
opt-exit-goal-no = No
opt-exit-again-yes = Yes
opt-exit-again-no = No
