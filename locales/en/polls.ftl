## Monthly feedback poll and the relationship check (handlers/polls.py, bot/services/polls.py,
## questionnaires/definitions/feedback.toml and relationship.toml)

qn-feedback-title = Monthly poll
qn-feedback-intro = Monthly poll: { $count } { $count ->
        [one] question
       *[other] questions
    }, about a minute. Only the curator sees the answers.
q-feedback-usefulness = How useful was this month in the mentoring programme for you?
q-feedback-meetings = How many times did your pair meet this month?
q-feedback-helped = What helped this month?
q-feedback-hard = What was hard?
q-feedback-named = May the curator see your name next to your comments? If not, the curator sees them without a name.
opt-feedback-named-yes = Yes, with my name
opt-feedback-named-no = No, without my name

qn-relationship-title = How the pair is going
qn-relationship-intro = { $count } { $count ->
        [one] question
       *[other] questions
    } about how the work in your pair is going. If something is wrong, the curator will know and help.
q-relationship-score = How satisfied are you with how the work in your pair is going?
q-relationship-comment = Anything to add? Write a comment for the curator.

poll-closed = This poll is already closed.
poll-already-answered = You have already answered this poll. Thank you!

relcheck-low-curator = ⚠️ A low score for the pair { $mentor } — { $mentee }: <b>{ $score } out of { $max }</b>.
    Given by { $name } ({ $side ->
        [mentor] mentor
       *[mentee] mentee
    }). Pair card: /pairs
relcheck-low-comment = Comment: “{ $comment }”
