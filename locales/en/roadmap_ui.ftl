# /roadmap: the curator's roadmap screen (handlers/curator/roadmap.py). Stage names, event titles and
# who is responsible come from roadmap.ftl.

cmd-roadmap = Roadmap

rm-title = 🗺 <b>Roadmap { $year }</b>
rm-today = Today is { $date }. { $count ->
        [one] { $count } event
       *[other] { $count } events
    } in all: { $done } done, { $due } ahead, { $overdue } overdue{ $cancelled ->
        [0] {""}
       *[other] , { $cancelled } cancelled
    }.
rm-stage-head = <b>{ $number }. { $name }</b>
rm-counts = { $count ->
        [one] { $count } event
       *[other] { $count } events
    }: { $done } done, { $due } ahead, { $overdue } overdue{ $cancelled ->
        [0] {""}
       *[other] , { $cancelled } cancelled
    }
rm-auto-marked = 🤖 The bot marked { $count ->
        [one] { $count } event
       *[other] { $count } events
    } done by itself:
rm-auto-marked-item = • { $title }
rm-button-stage = { $number }. { $name }{ $overdue ->
        [0] {""}
       *[other] { " · ⚠️ " }{ $overdue }
    }
rm-button-add = ➕ Add an event
rm-button-home = ⬅️ To the stages

# A stage's events
rm-stage-title = <b>Stage { $number }. { $name }</b>
rm-stage-empty = This stage has no events yet.
rm-line-done = { $number }. ✅ { $title } — done { $date }
rm-line-done-auto = { $number }. ✅ { $title } — done { $date }, marked automatically
rm-line-overdue = { $number }. ⚠️ { $title } — was due { $date }
rm-line-planned = { $number }. 🗓 { $title } — by { $date }
rm-line-cancelled = { $number }. ❌ <s>{ $title }</s> — cancelled (was due { $date })
rm-button-event = { $number }. { $mark } { $title }

# An event's card
rm-card =
    <b>{ $title }</b>
    Stage { $number }. { $name } · { $kind }
    Due: { $date }
    Responsible: { $responsible }
    Status: { $status }
rm-kind-event = event
rm-kind-report = report
rm-kind-custom = added by the curator
rm-responsible-none = not set
rm-status-planned = 🗓 planned
rm-status-overdue = ⚠️ overdue by { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
rm-status-done = ✅ done { $date }
rm-status-done-auto = ✅ done { $date }, marked automatically
rm-status-cancelled = ❌ cancelled
rm-auto-hint = 🤖 The bot will mark this event done by itself when { $condition }.
rm-auto-off = Automatic marking is off: the status was changed by hand.
rm-auto-consents-collected = every participant has consented to data processing (for minors, a parent too)
rm-auto-mentee-questionnaires-done = every mentee has filled in the questionnaire
rm-auto-mentor-questionnaires-done = every mentor has filled in the questionnaire
rm-auto-baseline-done = every mentee has done the baseline self-assessment
rm-auto-preferences-done = every participant without a pair has filled in the preference questionnaire
rm-auto-pairs-formed = every mentee has a pair
rm-auto-final-survey-done = every pair has ended and its members have answered the final survey
rm-auto-swot-done = every form that had pairs has its SWOT analysis with all four parts written (/swot)
rm-button-done = ✅ Mark done
rm-button-undo = ↩️ Back to planned
rm-button-date = 🗓 Move the due date
rm-button-resp = 👤 Change who is responsible
rm-button-cancel = ❌ Cancel the event
rm-button-stage-back = ⬅️ To the stage
rm-button-back = ⬅️ Back
rm-note-done = Marked done.
rm-note-undo = The event is planned again.
rm-note-cancel = The event is cancelled. "Back to planned" restores it.
rm-note-date = The due date is now { $date }.
rm-note-resp = Responsible person changed.

# Typed answers
rm-ask-date =
    "{ $title }" is due { $current }.
    Type the new due date as DD.MM.YYYY, e.g. { $example }. Any date from { $first } to { $last } will do.
rm-date-invalid = I could not read that date. Please type it as DD.MM.YYYY, e.g. { $example } (from { $first } to { $last }).
rm-date-range = That date is too far from the programme's year. Please type a date from { $first } to { $last } as DD.MM.YYYY, e.g. { $example }.
rm-ask-resp =
    Who is responsible for "{ $title }"? Now: { $current }.
    Type it in one message, up to { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
rm-resp-empty = An empty answer will not do. Please type who is responsible for the event.
rm-too-long = Too long: { $length ->
        [one] { $length } character
       *[other] { $length } characters
    }, at most { $limit } allowed. Please shorten it.
rm-add-stage = Which stage does the new event belong to?
rm-stage-option = { $number }. { $name }
rm-add-title = A new event of stage { $number } "{ $name }". Please type its title, up to { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
rm-title-empty = An empty title will not do. Please type the event's title (up to { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }).
rm-add-due = When is "{ $title }" due? Type the date as DD.MM.YYYY, e.g. { $example }. Any date from { $first } to { $last } will do.
rm-note-added = "{ $title }" added, due { $date }.
rm-use-buttons = Please choose the stage with a button.
rm-type-text = Please type your answer as text, or press "Back".
rm-not-found = Event not found. Please open /roadmap again.
rm-stale = This button is out of date. Please open /roadmap again.
