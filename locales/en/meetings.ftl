# /meetings: a pair's meetings, proposals, check-ins after a meeting

meet-kind-organisational = organisational
meet-kind-trial = trial
meet-kind-planning = planning
meet-kind-regular = regular
meet-kind-final = final
meet-format-offline = in person
meet-format-online = online
meet-no-topic = no topic
meet-status-proposed = proposed
meet-status-accepted = agreed
meet-status-declined = declined
meet-status-cancelled = cancelled
meet-status-held = held
meet-status-not_held = not held
meet-status-rescheduled = rescheduled
meet-line = 📅 <b>{ $when }</b> — { $kind }, { $format }; { $topic } ({ $status })

meet-no-pair = You have no active pair yet. Meetings appear once the curator fixes your pair.
meet-upcoming-title = { $count ->
    [0] <b>No upcoming meetings.</b>
    [one] <b>{ $count } upcoming meeting:</b>
   *[other] <b>{ $count } upcoming meetings:</b>
}
meet-upcoming-none = Propose one with the button below.
meet-rhythm-now = The pair meets every { $days } { $days ->
    [one] day
   *[other] days
}.
meet-propose = Propose a meeting
meet-skip = Skip
meet-need-text = Please answer with text.

meet-ask-when = When shall you meet? Type the date and time in school time, e.g. <code>25.11 15:30</code> or <code>25.11.2026 15:30</code>.
meet-when-format = Could not read the date. Type it like <code>25.11 15:30</code> or <code>25.11.2026 15:30</code>.
meet-when-past = That time has passed. Give a date and time in the future.
meet-when-too-far = A meeting can be set at most a year ahead. Give a nearer date.
meet-ask-kind = What kind of meeting? Next in order: { $suggested } (marked ✅).
meet-ask-format = How will you meet?
meet-ask-topic = Type the topic (at most { $limit } { $limit ->
    [one] character
   *[other] characters
}) or press Skip.
meet-topic-too-long = The topic is too long: { $length } { $length ->
    [one] character
   *[other] characters
}, the limit is { $limit }. Please shorten it.
meet-proposed = Proposal sent. We will tell you the answer.
    { $meeting }
meet-proposal-received = { $name } proposes a meeting:
    { $meeting }
meet-accept = Accept
meet-counter = Propose another time
meet-proposal-expired = That time has passed. Propose another time.
meet-decline = Decline
meet-ask-counter = Type another time, e.g. <code>25.11 15:30</code>.
meet-counter-sent = The new time is sent.
    { $meeting }
meet-counter-received = { $name } proposes another time:
    { $meeting }
meet-you-accepted = The meeting is agreed.
    { $meeting }
meet-you-declined = You declined the meeting.
meet-other-accepted = { $name } accepts the meeting:
    { $meeting }
meet-other-declined = { $name } declines the meeting:
    { $meeting }
    You can propose another one with /meetings.

meet-checkin-question = Did the meeting take place?
    { $meeting }
meet-checkin-yes = Yes
meet-checkin-no = No
meet-checkin-moved = Rescheduled
meet-ask-note = Thank you! Briefly, what did you do (at most { $limit } { $limit ->
    [one] character
   *[other] characters
})? Or press Skip.
meet-note-too-long = Too long: { $length } { $length ->
    [one] character
   *[other] characters
}, the limit is { $limit }. Please shorten it.
meet-note-saved = Saved. Thank you!
meet-note-skipped = All right, no note.
meet-checkin-no-noted = Noted: the meeting did not take place.
meet-checkin-moved-noted = Noted: the meeting was rescheduled. Propose a new time.
meet-moved-by-other = { $name } says the meeting was rescheduled:
    { $meeting }
    Propose a new time with /meetings.
meet-result-held = Both sides confirmed: the meeting took place.
    { $meeting }
meet-result-not-held = The meeting is marked as not held.
    { $meeting }
meet-disagreement = Your answers about the meeting differ. The curator will decide.
meet-rhythm-question = The planning meeting took place. How often will you meet?
meet-rhythm-option = Every { $days } { $days ->
    [one] day
   *[other] days
}
meet-rhythm-set = Saved: you meet every { $days } { $days ->
    [one] day
   *[other] days
}.
meet-rhythm-set-by-other = Your pair agreed to meet every { $days } { $days ->
    [one] day
   *[other] days
}.

meet-curator-disagreement = The pair { $mentor } — { $mentee } disagree: one says the meeting took place, the other says it did not.
    { $meeting }
meet-curator-held = Count as held
meet-curator-not-held = Not held
meet-curator-done-held = The meeting is counted as held.
meet-curator-done-not-held = The meeting is marked as not held.
