# /match and /pairup: suggested pairs, confirmation, notifications, the draft order.

match-title = <b>Suggested pairs</b> (mode: { $mode })
match-mode-best_fit = best fit
match-mode-max_matched = more pairs
match-none = Nobody to suggest right now: no free mentees or no suitable mentors.
match-count = { $count ->
    [one] { $count } pair
   *[other] { $count } pairs
}, accepted: { $accepted }.
match-line = { $number }. { $mark }{ $mentee } → { $mentor } — { $reasons }
match-accept = ✅ { $number }
match-skip = ✖ { $number }
match-page = Page { $page } of { $pages }
match-unmatched-title = <b>Without a pair</b> ({ $count }):
match-unmatched-line = • { $mentee } — could go to: { $mentors }
match-unmatched-nobody = • { $mentee } — no suitable mentor has room
match-more = and { $count } more
match-switch = Switch to: { $mode }
match-confirm = Confirm accepted ({ $count })
match-stale = This suggestion is out of date. Send /match to see a fresh list.
match-nothing-accepted = You have not accepted any pair yet.
match-no-name = participant no. { $id }
match-not-said = not given

match-direction-intellectual = intellectual
match-direction-sport = sport
match-direction-volunteer = volunteering
match-direction-career = career
match-direction-creative = creative
match-direction-methodical = methodical

match-reason-directions = shared: { $list }
match-reason-mutual = mutual choice
match-reason-mentee-choice = the mentee chose this mentor (choice { $rank })
match-reason-mentor-choice = the mentor chose this mentee
match-reason-format = meeting format fits
match-reason-times = shared times: { $list }
match-reason-none = only the form of mentoring matches

match-confirmed = { $count ->
    [one] { $count } pair fixed. The participants will be notified.
   *[other] { $count } pairs fixed. The participants will be notified.
}
match-notify-mentor = Hello! You have a new mentee: <b>{ $name }</b>.
    Form of mentoring: { $form }.
    Requests: { $requests }.
    Goal: { $goal }.
    Please arrange the first (organisational) meeting.
match-notify-mentee = Hello! You have a mentor: <b>{ $name }</b>.
    Form of mentoring: { $form }.
    Your mentor will contact you to arrange the first meeting.
match-notify-minor = If something is wrong in your pair or you feel uncomfortable, write to the curator with the /pair command — it is a private channel only the curator sees.

match-order-file = Order on mentoring pairs
match-order-sheet = Order
match-order-title = Draft order on fixing mentoring pairs
match-order-school-default = School
match-order-date = Date: { $date }
match-order-col-number = No.
match-order-col-mentor = Mentor
match-order-col-mentee = Mentee
match-order-col-form = Form of mentoring
match-order-col-period = Period
match-order-caption = { $count ->
    [one] Draft order: { $count } pair.
   *[other] Draft order: { $count } pairs.
}

pairup-usage = To fix a pair by hand, send: /pairup &lt;mentee number&gt; &lt;mentor number&gt;, for example: /pairup 12 7
pairup-done = Pair fixed: { $mentee } → { $mentor }, { $form }, from { $start } to { $end }.

pair-error-not-mentor = No such mentor in the current programme (check the number).
pair-error-not-mentee = No such mentee in the current programme (check the number).
pair-error-not-ready = The participant has not finished registration (consent or questionnaire) or has left the programme.
pair-error-form-mismatch = The mentor does not work in this mentee's form of mentoring.
pair-error-mentee-paired = The mentee already has a mentor.
pair-error-mentor-full = The mentor has no free places and cannot take more mentees.
pair-error-same-person = A person cannot be their own mentor.
pair-error-not-active = This pair has already ended.
pair-error-bad-reason = Unknown reason.
pair-error-bad-date = Wrong date: the new end date must be later than the current one.
pair-error-over-a-year = A pair cannot last longer than one calendar year.
