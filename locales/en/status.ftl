# /status: the programme at a glance for the curator (handlers/curator/status.py, bot/services/charts.py)

cmd-status = Programme summary

status-title = 📊 <b>The programme on { $date }</b>
status-stage = Stage { $number } of 7: { $name }
status-stage-by-dates = Stage { $number } of 7 (by the calendar): { $name }

status-people-head = <b>Participants</b> (mentors + mentees)
status-invited = { $total } — invited ({ $mentors } + { $mentees })
status-consented = { $total } — consented ({ $mentors } + { $mentees })
status-questionnaire = { $total } — filled in the questionnaires ({ $mentors } + { $mentees })
status-paired = { $total } — in pairs ({ $mentors } + { $mentees })

status-pairs = 🤝 { $count } active { $count ->
        [one] pair
       *[other] pairs
    }
status-unpaired = { $count ->
        [0] All mentees have a mentor
        [one] { $count } mentee without a mentor
       *[other] { $count } mentees without a mentor
    }
status-free = { $count ->
        [0] No mentor has a free place
        [one] { $count } mentor with free places: { $places } { $places ->
            [one] place
           *[other] places
        }
       *[other] { $count } mentors with free places: { $places } { $places ->
            [one] place
           *[other] places
        }
    }

status-meetings = 📅 { $this } { $this ->
        [one] meeting
       *[other] meetings
    } { $this_month } · { $last } { $last_month }
status-in-month = { $month ->
        [1] in January
        [2] in February
        [3] in March
        [4] in April
        [5] in May
        [6] in June
        [7] in July
        [8] in August
        [9] in September
        [10] in October
        [11] in November
       *[12] in December
    }
status-checkins = { $count ->
        [0] No meetings waiting for confirmation
        [one] { $count } meeting waiting for confirmation
       *[other] { $count } meetings waiting for confirmation
    }
status-idle = { $count ->
        [0] All pairs meet in their rhythm
        [one] { $count } pair has not met for a while
       *[other] { $count } pairs have not met for a while
    }

status-feedback-head = 📝 <b>Feedback poll for { $month }</b>
status-feedback-none = nobody to ask yet: no active pairs
status-feedback-answered = { $answered } of { $expected } answered ({ $percent } %)
status-usefulness = { $average } of 10 — average usefulness of meetings ({ $count } { $count ->
        [one] rating
       *[other] ratings
    })
status-usefulness-hidden = The average appears once at least { $min } { $min ->
        [one] person has
       *[other] people have
    } answered

status-overdue = { $count ->
        [0] ✅ No overdue roadmap events
        [one] ⚠️ { $count } roadmap event is overdue
       *[other] ⚠️ { $count } roadmap events are overdue
    }
status-stuck = { $count ->
        [0] Everyone has finished registering
        [one] ⏳ { $count } person has not finished registering
       *[other] ⏳ { $count } people have not finished registering
    }

# Drill-down buttons under the summary
status-btn-unpaired = No mentor · { $count }
status-btn-free = Free places · { $count }
status-btn-checkins = Unconfirmed · { $count }
status-btn-idle = Not meeting · { $count }
status-btn-feedback = No poll answer · { $count }
status-btn-overdue = Overdue · { $count }
status-btn-stuck = Registration · { $count }
status-btn-remind = 🔔 Remind them
status-btn-back = ⬅️ Back to the summary

# Drill-down lists
status-list-unpaired = <b>Mentees without a mentor: { $count }</b>
status-list-free = <b>Mentors with free places: { $count }</b>
status-list-checkins = <b>Meetings waiting for confirmation: { $count }</b>
status-list-idle = <b>Pairs that have not met for a while: { $count }</b>
status-list-feedback = <b>No answer to the poll for { $month }: { $count }</b>
status-list-overdue = <b>Overdue events: { $count }</b>
status-list-empty = Nobody here right now.
status-list-overdue-hint = To mark an event done or move its date, open /roadmap.
status-list-remind-hint = “Remind them” sends each of them a reminder (at most once a day).

status-item-person = { $number }. { $name } — { $form }{ $mark }
status-item-mentor = { $number }. { $name } — { $form }: { $free } free { $free ->
        [one] place
       *[other] places
    }
status-item-feedback = { $number }. { $name } ({ $role }){ $mark }
status-item-checkin = { $number }. { $date } · { $mentor } — { $mentee }
    not answered: { $names }
status-item-idle = { $number }. { $mentor } — { $mentee }: { $days } { $days ->
        [one] day
       *[other] days
    } without a meeting (rhythm: { $rhythm } { $rhythm ->
        [one] day
       *[other] days
    })
status-item-overdue = { $number }. { $date } — { $title } (stage { $stage })
status-mark-unreachable = {" "}🚫 has blocked the bot

status-remind-queued = { $count ->
        [0] A reminder has already been sent today — not sending it again.
        [one] 🔔 { $count } person will get a reminder.
       *[other] 🔔 { $count } people will get a reminder.
    }
status-remind-nobody = Nobody on this list can be reached: they have blocked the bot.
status-not-found = This list is gone. Open /status again.

# Reminders the curator sends from a drill-down (through the outbox)
status-nudge-feedback = 🔔 The programme's curator reminds you of the feedback poll for { $month }: five short questions, about a minute. Your answers help the curator support the pairs.
status-nudge-checkin = 🔔 The programme's curator asks you to mark whether the meeting took place.
    { $meeting }
status-nudge-idle = 🔔 The programme's curator reminds you: your pair ({ $other }) has not met for { $days } { $days ->
        [one] day
       *[other] days
    }. Agree on the next meeting: /meetings

# The chart
status-chart-title = The mentorship programme on { $date }
status-chart-funnel = Participation
status-chart-invited = Invited
status-chart-consented = Consented
status-chart-questionnaire = Questionnaires done
status-chart-paired = In pairs
status-chart-mentors = Mentors
status-chart-mentees = Mentees
status-chart-meetings = Meetings held
status-chart-no-months = The programme year has not begun yet
status-month-short = { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    }
