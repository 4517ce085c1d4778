## The curator's /broadcast (an announcement to a part of the programme) and /broadcasts (delivery reports).

cmd-broadcast = Message participants
cmd-broadcasts = Broadcast reports

## What a recipient gets: this heading, an empty line, the curator's text (escaped)

broadcast-heading = 📣 <b>A message from the programme curator</b>

## /broadcast: the audience

broadcast-audience-question = Who should get the message? The buttons show how many people it will reach.
broadcast-audience-button = { $audience } · { $count }
broadcast-audience-all = All active participants
broadcast-audience-mentor = Mentors
broadcast-audience-mentee = Mentees
broadcast-audience-form = Form “{ $form }”
broadcast-audience-unpaired = Participants without a pair
broadcast-audience-unknown = Unknown group
broadcast-audience-empty = There is nobody to send to in this group yet. Please choose another.

## /broadcast: the text

broadcast-text-question =
    To: { $audience }.
    Please type the message — up to { $limit } { $limit ->
        [one] character
       *[other] characters
    }. To leave, /cancel.
broadcast-text-only = Please send the message as text. To leave, /cancel.
broadcast-text-too-long = The text is too long: { $length } { $length ->
        [one] character
       *[other] characters
    } with a limit of { $limit }. Please shorten it and send it again.
broadcast-text-too-long-marks = The text does not fit into one message: the signs &lt;, &gt; and &amp; take more room in it. Please shorten it and send it again.

## /broadcast: the preview

broadcast-preview-title = 👆 This is how recipients will see the message.
broadcast-preview-audience = To: { $audience }
broadcast-preview-count = The message will go to { $count } { $count ->
        [one] participant
       *[other] participants
    }.
broadcast-unreachable = { $count ->
        [one] { $count } participant has blocked the bot and will not get it.
       *[other] { $count } participants have blocked the bot and will not get it.
    }
broadcast-send = ✅ Send
broadcast-edit = ✏️ Change the text
broadcast-cancel = ✖️ Cancel

## /broadcast: after the choice

broadcast-queued = ✅ The broadcast is queued: { $count } { $count ->
        [one] message
       *[other] messages
    }.
broadcast-quiet-now = 🌙 It is quiet hours now: the messages will go out on { $date } at { $time }.
broadcast-quiet-hours = Messages go out within a few minutes, but not during quiet hours ({ $start } to { $end }).
broadcast-report-hint = How they were delivered: /broadcasts.
broadcast-open-report = 📊 Delivery report
broadcast-cancelled = The broadcast is cancelled.
broadcast-nobody = There is nobody to send to in this group now — no broadcast was created.
broadcast-stale = This button no longer works: the broadcast was sent or cancelled. New broadcast: /broadcast.

## /broadcasts: the list, a report, who did not get it

broadcasts-empty = No broadcasts yet. To message participants, /broadcast.
broadcasts-title = <b>📣 Recent broadcasts</b>
broadcasts-item =
    { $number }. { $date } · { $audience } · { $count } { $count ->
        [one] recipient
       *[other] recipients
    }
    “{ $words }”
broadcasts-open = 📊 { $number }
broadcast-not-found = There is no such broadcast.

broadcast-report =
    <b>📊 Broadcast of { $date }</b>
    To: { $audience }
    “{ $words }”

    Queued: { $queued }
    ✅ Delivered: { $delivered }
    ⏳ Waiting to be sent: { $pending }
    🚫 Blocked the bot: { $blocked }
    ⚠️ Not delivered because of an error: { $failed }
    🗑 Expired or cancelled: { $dropped }
broadcast-missed-button = 👤 Who did not get it ({ $count })
broadcast-refresh = 🔄 Refresh
broadcast-back-to-report = ⬅️ Back to the report

broadcast-missed-title = <b>Did not get the broadcast of { $date }</b>: { $count } { $count ->
        [one] person
       *[other] people
    }
broadcast-missed-item = { $number }. { $name } ({ $role }) — { $reason }
broadcast-missed-item-gone = { $number }. No longer in the programme — { $reason }
broadcast-missed-noname = no name
broadcast-reason-blocked = blocked the bot
broadcast-reason-failed = Telegram refused the message
