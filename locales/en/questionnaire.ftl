## Questionnaire engine

qa-progress = Question { $number } of { $total }
qa-hint-single = Choose one option.
qa-hint-multi = You can choose several options, then press "Done".
qa-hint-text = Type your answer as a message (up to { $limit } { $limit ->
        [one] character
       *[other] characters
    }).
qa-hint-number = Type a number from { $min } to { $max }.
qa-hint-date = Type a date as DD.MM.YYYY, e.g. 15.09.2026.
qa-hint-scale = Rate from { $min } to { $max }: { $min } — not at all, { $max } — completely.
qa-optional = You may skip this question.
qa-current-answer = Now: { $answer }
qa-back = ⬅️ Back
qa-skip = Skip ➡️
qa-done = Done ✔️
qa-keep = Keep as it is ✔️
qa-skipped = — skipped
qa-missing = ❗ no answer
qa-scale-value = { $value } of { $max }
qa-review-title = <b>Check your answers: { $title }</b>
qa-answers-title = <b>{ $title }</b>
qa-review-hint = All correct? Press "Submit". To correct an answer, press "Change an answer".
qa-submit = ✅ Submit
qa-fix = ✏️ Change an answer
qa-submitted = The questionnaire "{ $title }" is submitted. Thank you!
qa-already-submitted = This questionnaire is already submitted. You can change answers in /profile.
qa-stale-button = This button belongs to another question. Please answer the current one.
qa-first-question = This is the first question.
qa-choose-one = Choose at least one option.
qa-too-many = You can choose at most { $max }.
qa-missing-answers = Some questions have no answer yet — let's go back to them.
qa-lost = I could not find your questionnaire. Press /start to continue.
qa-review-use-buttons = Check your answers and press "Submit" or "Change an answer".
qa-only-text = I need a text answer or a button here — I do not store stickers, photos or files.

qa-error-empty = The answer is empty. Please type some text.
qa-error-too-long = The answer is too long: { $length } { $length ->
        [one] character
       *[other] characters
    } while the limit is { $limit }. Please shorten it.
qa-error-not-number = I need a number, e.g. 5. Type digits only.
qa-error-range = I need a number from { $min } to { $max }.
qa-error-date = I could not read the date. Type it as DD.MM.YYYY, e.g. 15.09.2026.
qa-error-use-buttons = Please choose an option with a button under the question.

## Mentee questionnaire

qn-mentee-intake-title = Mentee questionnaire
qn-mentee-intake-intro = Let's start the mentee questionnaire: about { $count } { $count ->
        [one] question
       *[other] questions
    }. Answers are saved at once — you can stop and continue later.
q-mentee-intake-kind = Who are you?
q-mentee-intake-grade = Which grade are you in?
q-mentee-intake-course = Which year of study are you in?
q-mentee-intake-experience-years = How many years have you worked as a teacher? (if less than a year, type 0)
q-mentee-intake-subject = Which subject do you teach?
q-mentee-intake-requests = What would you like a mentor to help you with?
q-mentee-intake-requests-details = Tell us in your own words which difficulties you want to solve.
q-mentee-intake-goal = What goal do you want to reach this school year?
q-mentee-intake-meeting-format = How would you prefer to meet?
q-mentee-intake-meeting-times = When is it convenient for you to meet?

## Mentor questionnaire

qn-mentor-intake-title = Mentor questionnaire
qn-mentor-intake-intro = Let's start the mentor questionnaire: { $count } { $count ->
        [one] question
       *[other] questions
    }. Answers are saved at once — you can stop and continue later.
q-mentor-intake-position = Your position and subject (e.g. "maths teacher"). If you study — your grade or year.
q-mentor-intake-experience-years = How many years of professional experience do you have? (if you are a student, type 0)
q-mentor-intake-can-help = What can you help a mentee with?
q-mentor-intake-can-help-details = Tell us more about your experience: what are you best at?
q-mentor-intake-capacity = How many mentees are you ready to take? (The regulation allows at most two.)
q-mentor-intake-preferred-forms = Which forms of mentorship suit you?
q-mentor-intake-meeting-format = How would you prefer to meet?
q-mentor-intake-availability = When are you usually free to meet?

## Mentee self-assessment

qn-self-assessment-title = Self-assessment
qn-self-assessment-intro = And the last part — a short self-assessment: { $count } { $count ->
        [one] question
       *[other] questions
    }, ratings from 1 to 10. This is the starting point: at the end of the programme we will ask again and compare.
q-self-assessment-confidence = How confident do you feel in your studies or work?
q-self-assessment-methods = How well do you master teaching methods?
q-self-assessment-classroom = How easily do you keep discipline and the class's interest?
q-self-assessment-parents = How confident are you talking to your students' parents?
q-self-assessment-motivation = How interesting is studying for you?
q-self-assessment-goals = How well do you set goals and reach them?
q-self-assessment-career = How clearly do you see your future profession?
q-self-assessment-communication = How easy is it for you to communicate and work in a team?

## Answer options

opt-person-kind-teacher = Teacher
opt-person-kind-student = School student
opt-person-kind-university-student = University student
opt-directions-intellectual = Intellectual: studies, olympiads, projects
opt-directions-sport = Sport
opt-directions-volunteer = Volunteering
opt-directions-career = Career guidance: choosing a profession
opt-directions-creative = Creative
opt-directions-methodical = Methodical: lessons, methods, paperwork
opt-meeting-format-offline = In person
opt-meeting-format-online = Online
opt-meeting-format-any = Either
opt-meeting-times-before-lessons = Before lessons
opt-meeting-times-breaks = During breaks
opt-meeting-times-after-lessons = After lessons
opt-meeting-times-evening = In the evening
opt-meeting-times-weekend = At weekends
opt-capacity-1 = One
opt-capacity-2 = Two
opt-forms-teacher-teacher = Teacher — teacher
opt-forms-teacher-student = Teacher — student
opt-forms-student-student = Student — student
opt-forms-university-student = University student — student
opt-forms-employer-student = Employer — student
opt-forms-employer-university = Employer — university student

## Questions common to the questionnaires

q-mentee-intake-full-name = What is your name? Please type your full name.
q-mentor-intake-full-name = What is your name? Please type your full name.
qa-hint-rank = Choose up to { $max } in order of preference, then press "Done". Press again to undo a choice.
qa-no-options = There is nobody to choose from yet — you may skip this question.
