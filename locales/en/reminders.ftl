## Messages the scheduler sends on its own (scheduler/rules.py, scheduler/notices.py)

remind-meeting = ⏰ Reminder: your meeting with { $other } is in { $hours } { $hours ->
        [one] hour
       *[other] hours
    }.
    { $meeting }
remind-checkin-repeat = A reminder: please tell us whether the meeting took place. It helps the curator.
    { $meeting }
remind-idle = You and { $other } have not met for { $days } { $days ->
        [one] day
       *[other] days
    }. Agree on your next meeting: /meetings
remind-task-due = 📌 Tomorrow, { $date }, a task of the development plan is due: “{ $task }”. Mark it done: /plan
remind-pair-ending = Your work with { $other } ends on { $date }, in { $days } { $days ->
        [one] day
       *[other] days
    }. A good time to plan the final meeting: /meetings

remind-curator-checkin = The meeting of { $mentor } and { $mentee } ({ $when }) is unconfirmed after { $hours } { $hours ->
        [one] hour
       *[other] hours
    }. Not answered: { $names }.
remind-curator-idle = { $mentor } and { $mentee } have not met for { $days } { $days ->
        [one] day
       *[other] days
    }. The pair's card: /pairs
remind-curator-pair-ending = The pair { $mentor } — { $mentee } ends on { $date } (in { $days } { $days ->
        [one] day
       *[other] days
    }). Extend or complete it: /pairs

remind-onboarding-again = One more reminder.
remind-onboarding-invited = You started registering for the mentorship programme but have not given your consent to data processing yet. Shall we go on?
remind-onboarding-awaiting-parent = We are still waiting for your parent's consent. Please forward them the link; press “Continue” to get it.
remind-onboarding-questionnaire = Your questionnaire is not finished. Go on from where you stopped; it takes a couple of minutes.

remind-roadmap-soon = { $category ->
        [report] 🗂 A report is due in { $days } { $days ->
            [one] day
           *[other] days
        }: <b>{ $event }</b> ({ $date }).
       *[event] 🗓 A roadmap event is due in { $days } { $days ->
            [one] day
           *[other] days
        }: <b>{ $event }</b> ({ $date }).
    }
    Stage: { $stage }. Responsible: { $responsible }.
remind-roadmap-overdue = { $category ->
        [report] ⚠️ A report is overdue: <b>{ $event }</b> (due { $date }).
       *[event] ⚠️ A roadmap event is overdue: <b>{ $event }</b> (due { $date }).
    }
    Stage: { $stage }. Responsible: { $responsible }.

digest-title = <b>Roadmap: { $start } — { $end }</b>
digest-due = { $count ->
        [0] Nothing is due in the next two weeks.
       *[other] Due in the next two weeks ({ $count }):
    }
digest-overdue = { $count ->
        [0] Nothing is overdue.
       *[other] Overdue ({ $count }):
    }
digest-line = • { $date } — { $event }
digest-stuck = Registration not finished: { $count } { $count ->
        [one] person
       *[other] people
    }. The list: /stuck

notice-blocked = { $name } blocked the bot: messages to this participant are no longer delivered. Please contact them in person.

poll-btn-answer = Answer
poll-invite = 📝 Monthly poll: how was { $month }? Five short questions, about a minute.
poll-reminder = A reminder about the poll for { $month }: your answer helps the curator support the pairs.
relcheck-invite = You have been working with { $other } for { $days } { $days ->
        [one] day
       *[other] days
    }. How is it going? One question and, if you like, a comment.

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
