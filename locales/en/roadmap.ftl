# The roadmap: stage names, the default events (bot/services/roadmap.toml) and who is responsible.

roadmap-stage-1 = Preparation
roadmap-stage-2 = Mentee base
roadmap-stage-3 = Mentor base
roadmap-stage-4 = Selection and training of mentors
roadmap-stage-5 = Pairs and groups
roadmap-stage-6 = Pair work
roadmap-stage-7 = Completion

roadmap-resp-director = head of school
roadmap-resp-director-and-curator = head of school, curator
roadmap-resp-curator = curator (deputy head)
roadmap-resp-mentors = mentors
roadmap-resp-class-teachers = class teachers
roadmap-resp-psychologist = school psychologist

# 1. Preparation
roadmap-event-normative-base = Order introducing the model, mentorship regulation, roadmap, curator appointed
roadmap-event-inform-teachers = Teachers' council: informing staff about the programme
roadmap-event-website-section = Mentorship section on the school website
roadmap-event-inform-students-parents = Informing students and parents: parents' meetings, class hours, student conference
roadmap-event-meet-external-partners = Meeting with graduates, employers and partner organisations
roadmap-event-preliminary-requests = Preliminary requests of prospective mentees
roadmap-event-admin-meeting = Management meeting: forms and programmes of mentorship
roadmap-event-report-roadmap-q3 = Roadmap progress report for Q3

# 2. Mentee base
roadmap-event-mentee-questionnaires = Mentee questionnaires
roadmap-event-consents = Consents to personal data processing (parents for minors)
roadmap-event-mentee-extra-info = Mentees' requests from class teachers, the psychologist, parents
roadmap-event-mentee-base = Data analysis and the mentee base
roadmap-event-effectiveness-review-h1 = Effectiveness evaluation for the first half-year

# 3. Mentor base
roadmap-event-choose-forms = Choosing forms of mentorship for the mentees' requests
roadmap-event-engage-mentors = Event to inform and engage prospective mentors
roadmap-event-mentee-baseline = Baseline assessment of mentees
roadmap-event-mentor-questionnaires = Questionnaires of prospective mentors, consents to data processing
roadmap-event-mentor-base = Matching mentor questionnaires with mentee requests, the mentor base
roadmap-event-report-roadmap-q4 = Roadmap progress report for Q4
roadmap-event-report-participants = Participant counts for federal statistics
roadmap-event-report-effectiveness = Yearly effectiveness indicators of the model

# 4. Selection and training of mentors
roadmap-event-mentor-selection = Assessing and interviewing mentors
roadmap-event-training-preparation = Preparing mentor training: experts, materials, schedule
roadmap-event-mentor-training = Mentor training
roadmap-event-report-roadmap-q1 = Roadmap progress report for Q1

# 5. Pairs and groups
roadmap-event-group-meeting = Group meeting of mentors and mentees
roadmap-event-preference-survey = Preference questionnaire: preferred mentor or mentee
roadmap-event-form-pairs = Questionnaire analysis and forming pairs and groups
roadmap-event-pairs-order = Order fixing pairs and groups, participants informed
roadmap-event-unpaired-support = Psychological support for mentees without a pair, search for a mentor

# 6. Pair work
roadmap-event-first-meeting = First (organisational) meeting of mentor and mentee
roadmap-event-trial-meeting = Second (trial) meeting of mentor and mentee
roadmap-event-planning-meeting = Planning meeting
roadmap-event-development-plans = Individual development plans of mentees
roadmap-event-feedback = Feedback from participants (at least monthly)
roadmap-event-pair-final-meeting = Final meeting of mentor and mentee

# 7. Completion
roadmap-event-group-final-meeting = Final group meeting of all pairs and groups
roadmap-event-satisfaction-survey = Participant satisfaction survey
roadmap-event-reward-orders = Orders on rewarding participants and on the final event, thank-you letters to partners
roadmap-event-final-ceremony = Closing ceremony: results, awards for the best mentors
roadmap-event-quality-monitoring = Monitoring the programme's quality (SWOT analysis per form)
roadmap-event-impact-monitoring = Final assessment of participants compared with the baseline
roadmap-event-cases = Writing up the pairs' work as cases
roadmap-event-publish-results = Publishing results, best mentors and cases on the website
roadmap-event-update-bases = Results into the mentor and mentee bases, the long-term mentor base
roadmap-event-effectiveness-review-h2 = Effectiveness evaluation for the second half-year
roadmap-event-report-roadmap-q2 = Roadmap progress report for Q2
