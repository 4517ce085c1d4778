## The curator's /settings (reminder settings) and /stuck (unfinished registrations).

cmd-settings = Reminder settings
cmd-stuck = Who has not finished registering

## /settings: the screen

settings-title = <b>⚙️ Reminder settings</b>
settings-hint = To change a setting, press its button below.
settings-line = { $name }: { $value }
settings-list = { $first } and { $last }
settings-saved = ✅ Saved.

settings-section-when = <b>When to write</b>
settings-section-meetings = <b>Meetings</b>
settings-section-pairs = <b>Pairs</b>
settings-section-polls = <b>Polls and registration</b>
settings-section-curator = <b>For you</b>
settings-section-data = <b>Keeping data</b>

settings-item-hours-before = { $value } { $value ->
        [one] hour
       *[other] hours
    } before
settings-item-days-before = { $value } { $value ->
        [one] day
       *[other] days
    } before
settings-item-days-after = after { $value } { $value ->
        [one] day
       *[other] days
    }

settings-name-quiet = Quiet hours
settings-value-quiet = { $start }–{ $end }
settings-value-quiet-off = none, write at any time
settings-button-quiet = 🌙 Quiet hours
settings-about-quiet = During these hours the bot sends no reminders: they arrive when the quiet hours end.

settings-name-quiet-weekends = At weekends
settings-value-quiet-weekends-on = do not disturb
settings-value-quiet-weekends-off = as on weekdays
settings-toggle-quiet-weekends-on = 🔕 No messages at weekends
settings-toggle-quiet-weekends-off = 🔔 Write at weekends too

settings-name-meeting-reminder-hours = Meeting reminders
settings-button-meeting-reminder-hours = Meeting reminders
settings-about-meeting-reminder-hours = How many hours before a meeting to remind both people in the pair.

settings-name-checkin-repeat-hours = "How did the meeting go?" again
settings-value-checkin-repeat-hours = after { $value } { $value ->
        [one] hour
       *[other] hours
    }
settings-button-checkin-repeat-hours = Repeat the question
settings-about-checkin-repeat-hours = After how many hours to ask again about a past meeting those who have not answered.

settings-name-checkin-curator-hours = Tell you when a meeting is not reported
settings-value-checkin-curator-hours = after { $value } { $value ->
        [one] hour
       *[other] hours
    }
settings-button-checkin-curator-hours = Unreported meeting
settings-about-checkin-curator-hours = How many hours after a meeting to tell you if someone in the pair has still not said how it went.

settings-name-idle-curator-days = Tell you about a pair that does not meet
settings-value-idle-curator-days = after { $value } { $value ->
        [one] day
       *[other] days
    }
settings-button-idle-curator-days = Pair not meeting
settings-about-idle-curator-days = After how many days without meetings to tell you about a pair. The pair itself is nudged earlier, by its own meeting rhythm.

settings-name-pair-end-notice-days = Notice of a pair's end
settings-value-pair-end-notice-days = { $value } { $value ->
        [one] day
       *[other] days
    } before
settings-button-pair-end-notice-days = Pair's end
settings-about-pair-end-notice-days = How many days before a pair ends to tell its members and you.

settings-name-relationship-check-days = Question about the pair's relationship
settings-value-relationship-check-days = { $value } { $value ->
        [one] day
       *[other] days
    } after the start
settings-button-relationship-check-days = Relationship question
settings-about-relationship-check-days = How many days after a pair starts to ask its members how their relationship is going.

settings-name-relationship-low-score = Worrying relationship score
settings-value-relationship-low-score = { $value } or lower
settings-button-relationship-low-score = Worrying score
settings-about-relationship-low-score = At which relationship score (and lower) a pair needs your attention.

settings-name-poll-day = Monthly poll
settings-value-poll-day = { $value ->
        [31] on the last day of the month
       *[other] on day { $value } of the month
    }
settings-button-poll-day = Poll day
settings-about-poll-day = On which day of the month to send participants the monthly poll. If the month is shorter, the poll comes on its last day.

settings-name-poll-reminder-days = Poll reminder
settings-value-poll-reminder-days = after { $value } { $value ->
        [one] day
       *[other] days
    }
settings-button-poll-reminder-days = Poll reminder
settings-about-poll-reminder-days = How many days after the poll to remind those who have not answered.

settings-name-onboarding-reminder-days = Registration reminders
settings-button-onboarding-reminder-days = Registration reminders
settings-about-onboarding-reminder-days = How many days after someone starts registering to remind them if they have not finished. /stuck lists people by the earliest of these.

settings-name-roadmap-nudge-days = Roadmap reminders
settings-button-roadmap-nudge-days = Roadmap
settings-about-roadmap-nudge-days = How many days before a roadmap event or report is due to remind you.

settings-name-digest-weekday = Weekly digest
settings-value-digest-weekday = { $value ->
        [0] on Mondays
        [1] on Tuesdays
        [2] on Wednesdays
        [3] on Thursdays
        [4] on Fridays
        [5] on Saturdays
       *[6] on Sundays
    }
settings-button-digest-weekday = Digest day
settings-about-digest-weekday = On which day of the week to send you the digest: roadmap deadlines for the next two weeks and what is overdue.
settings-weekday-0 = Monday
settings-weekday-1 = Tuesday
settings-weekday-2 = Wednesday
settings-weekday-3 = Thursday
settings-weekday-4 = Friday
settings-weekday-5 = Saturday
settings-weekday-6 = Sunday
settings-chosen = ✓ { $label }

## /settings: changing one

settings-ask =
    <b>{ $name }</b>
    { $about }

    Now: { $value }.

    { $format }
    To leave without changes, press /cancel.
settings-choose =
    <b>{ $name }</b>
    { $about }

    Now: { $value }. Choose a day:
settings-format-number = Type a number from { $min } to { $max }, for example: { $example }
settings-format-offsets = Type 1 to { $count } numbers from { $min } to { $max }, separated by commas, for example: { $example }
settings-format-quiet = Type the start and the end with a hyphen, for example: { $example }. To write at any time, give the same time twice: 00:00-00:00.
settings-error-number = That did not work: a whole number from { $min } to { $max } is needed, for example: { $example }. Try again or press /cancel.
settings-error-offsets = That did not work: 1 to { $count } whole numbers from { $min } to { $max }, separated by commas, are needed, for example: { $example }. Try again or press /cancel.
settings-error-quiet = That did not work: the start and end times with a hyphen are needed, for example: { $example }. Hours from 00 to 23, minutes from 00 to 59. Try again or press /cancel.
settings-type-value = Please type the value as text or press /cancel.
settings-back = ⬅️ Back to settings
settings-unknown = There is no such setting.
settings-stale = This setting is no longer waiting for an answer. Open /settings again.

settings-reset-button = ↩️ Restore defaults
settings-reset-question = Restore all reminder settings to their defaults? Your changes will be lost.
settings-reset-confirm = ✅ Yes, restore
settings-reset-done = ✅ Saved: all settings are at their defaults.

## /stuck

stuck-title = <b>Have not finished registering</b>: { $count }
stuck-scope = Started registering { $days } { $days ->
        [one] day
       *[other] days
    } ago or earlier.
stuck-item =
    <b>{ $number }.</b> { $name } — { $role }, "{ $form }"
    Missing: { $missing }. Started registering: { $since } ({ $days ->
        [0] today
        [one] { $days } day ago
       *[other] { $days } days ago
    }).
stuck-missing-invited = consent to data processing
stuck-missing-awaiting-parent = a parent's consent (a paper one can be recorded in /consents)
stuck-missing-questionnaire = the questionnaire
stuck-unnamed = no name (participant #{ $id })
stuck-empty = 🎉 Everyone who started registering { $days } { $days ->
        [one] day
       *[other] days
    } ago or earlier has finished.

settings-name-retention-months = Keeping data after the programme
settings-value-retention-months = { $value } { $value ->
        [one] month
       *[other] months
    }
settings-button-retention-months = Keeping data
settings-about-retention-months = How many months after the programme ends the participants' personal data is kept. Then the bot deletes it by itself and keeps only anonymous figures for the reports.

retention-purged = The retention period of the { $year } programme has ended: the personal data of { $count } { $count ->
        [one] participant
       *[other] participants
    } has been deleted. Anonymous figures (pairs, meetings, the roadmap) remain for the reports.
