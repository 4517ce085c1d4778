## Preference questionnaire (stage 5)

pref-invite-mentee =
    After the group meeting it is time to choose a mentor.
    Mark up to three mentors in order of preference — the curator will take your choice into account when forming pairs.
pref-invite-mentor =
    After the group meeting it is time to choose mentees.
    Mark those you are ready to work with — the curator will take your choice into account when forming pairs.
pref-start = Choose
pref-already = You have already sent your choice. You can change it in /profile.
pref-round-opened = The preference questionnaire is queued for { $sent } { $sent ->
        [one] participant
       *[other] participants
    }. Messages go out outside the quiet hours.{ $repeated ->
        [0] {""}
       *[other] {" "}Already sent today: { $repeated }.
    }{ $unreachable ->
        [0] {""}
       *[other] {" "}Blocked the bot: { $unreachable }.
    }

qn-preference-mentee-title = Choosing a mentor
qn-preference-mentee-intro = Choose your mentors.
q-preference-mentee-mentors = Which mentors would you like? Press them in order of preference: the first is the one you want most.
qn-preference-mentor-title = Choosing mentees
qn-preference-mentor-intro = Choose your mentees.
q-preference-mentor-mentees = Which mentees are you ready to work with?
