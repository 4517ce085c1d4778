## Participants (/participants): the filtered list, a person's card, notes, pausing participation

cmd-participants = Participants: filters, cards, notes

people-title = <b>Programme participants</b>
people-no-filters = No filters chosen — everyone is shown.
people-filters = Filters: { $filters }
people-filter-item = { $dimension } — { $value }
people-found = Found: { $count }
people-item = { $number }. <b>{ $name }</b> — { $role }, “{ $form }”, { $status }{ $marks }
people-open = { $number }. { $name }
people-mark-paired = {" "}🤝
people-mark-unreachable = {" "}📵
people-legend = 🤝 — in an active pair, 📵 — the bot's messages do not reach them
people-empty = There are no participants in the programme yet. To invite someone — /invite.
people-empty-filtered = Nobody matches these filters. Change the filters or reset them.
people-unnamed = no name (participant #{ $id })
people-not-found = There is no such participant in the current programme.

## Filters

people-filter-button = { $dimension }: { $value }
people-filter-reset = ✖️ Reset filters
people-pick = Filter “{ $dimension }”: choose a value.
people-chosen = ✅ { $value }
people-back-list = ⬅️ To the list
people-any = all
people-dim-role = Role
people-dim-form = Form
people-dim-consent = Consent
people-dim-questionnaire = Questionnaire
people-dim-paired = Pair
people-dim-unreachable = Reachable
people-role-mentor = mentors
people-role-mentee = mentees
people-consent-given = given
people-consent-waiting = waiting
people-consent-declined = declined
people-questionnaire-done = submitted
people-questionnaire-missing = not submitted
people-paired-yes = in a pair
people-paired-no = without a pair
people-unreachable-yes = unreachable
people-unreachable-no = reachable

## A participant's status

people-status-invited = consent not yet given
people-status-declined = declined consent
people-status-awaiting-parent = waiting for a parent's consent
people-status-questionnaire = filling in the questionnaire
people-status-active = taking part
people-status-inactive = participation paused

## The card

people-card-title = <b>{ $name }</b>
people-card-role = Role: { $role } · form “{ $form }”
people-card-class = Class or subject: { $value }
people-card-status = Status: { $status }
people-card-minor = 👪 A minor
people-card-unreachable = 📵 The bot's messages have not reached them since { $date }: the bot seems to be blocked.
people-card-none = none
people-card-consents = <b>Consents</b>
people-card-consent = • { $kind }, version { $version }, { $date }
people-consent-self = their own
people-consent-parent = a parent's (in the bot)
people-consent-paper = a parent's (on paper)
people-card-questionnaires = <b>Questionnaires</b>
people-card-questionnaire = • { $title } — { $date }
people-card-pairs = <b>Pair</b>
people-card-pair = • { $side }: { $name }, { $start } — { $end } ({ $status })
people-pair-active = active
people-pair-completed = completed
people-card-no-pair = no pair
people-card-meetings = Meetings: { $held } held, { $total } agreed in all
people-card-feedback = Monthly polls: { $months }
people-card-feedback-none = Monthly polls: no answers yet
people-month = { $month } { $year }
people-card-notes = <b>Notes (newest first)</b>
people-card-notes-more = …and { $count } more { $count ->
        [one] note
       *[other] notes
    }
people-note = • { $date }, { $source }: { $text }
people-back-card = ⬅️ To the card

people-btn-answers = 📄 { $title }
people-btn-feedback = 📝 Poll: { $month }
people-btn-pair = 🤝 Pair: { $name }
people-btn-add-note = ➕ Add a note
people-btn-notes = 📒 Notes in full
people-btn-deactivate = ⏸ Pause participation
people-btn-deactivate-yes = Yes, pause
people-btn-reactivate = ▶️ Bring back into the programme

people-answers-of = <b>{ $name }</b> · submitted { $date }
people-answers-of-month = <b>{ $name }</b> · poll for { $month }

## Notes from third parties

people-source-psychologist = psychologist
people-source-class-teacher = class teacher
people-source-parent = parents
people-source-other = other
people-src-btn-psychologist = 🧠 Psychologist
people-src-btn-class-teacher = 🏫 Class teacher
people-src-btn-parent = 👪 Parents
people-src-btn-other = 📎 Other
people-note-source =
    A note about the mentee <b>{ $name }</b>
    Who is this information from?
people-note-ask =
    Source: { $source }.
    Write the note in one message — up to { $limit } { $limit ->
        [one] character
       *[other] characters
    }. Changed your mind — /cancel.
people-note-too-long = The note is too long: { $length } { $length ->
        [one] character
       *[other] characters
    } while the limit is { $limit }. Please shorten it and send it again, or split it into two notes.
people-note-empty = The note is empty. Write the text in one message or press /cancel.
people-note-text-only = Please send the note as text — up to { $limit } { $limit ->
        [one] character
       *[other] characters
    }. Changed your mind — /cancel.
people-note-saved = ✅ The note is saved.
people-notes-title =
    <b>Notes: { $name }</b>
    { $number } of { $total }, newest first
people-notes-empty = <b>{ $name }</b>: no notes yet.

## Pausing participation

people-deactivate-ask =
    <b>Pause the participation of { $name }?</b>
    The bot will stop sending them reminders and polls, and they will not be matched. You can bring them back from this card.
people-deactivate-ask-final =
    <b>Pause the participation of { $name }?</b>
    The bot will stop sending them reminders. They have not submitted the questionnaire yet, so you will not be able to bring them back from the card.
people-deactivated = Participation paused.
people-reactivated = The participant is back in the programme.
people-error-in-pair =
    <b>{ $name }</b> is in an active pair, so their participation cannot be paused yet.
    First complete the pair or replace the mentor in /pairs — the button below opens the pair's card.
people-error-already-inactive = Participation is already paused.
people-error-not-inactive = This participant is already in the programme.
people-error-no-intake = Only someone who has submitted the questionnaire can be brought back. This participant has not, and the registration step they stopped at is not stored.
