## Common texts

role-mentor = mentor
role-mentee = mentee

form-teacher-teacher = teacher — teacher
form-teacher-student = teacher — student
form-student-student = student — student
form-university-student = university student — student
form-employer-student = employer — student
form-employer-university = employer — university student

cmd-start = Start or continue
cmd-help = What the bot can do
cmd-language = Language / Язык
cmd-profile = My answers
cmd-privacy = My data and consent
cmd-cancel = Leave the current dialog
cmd-invite = Create an invitation link
cmd-links = Invitation links
cmd-import = Import a participant list
cmd-consents = Parents' consents
cmd-pair = My pair
cmd-meetings = Meetings
cmd-plan = Development plan
cmd-preferences = Preference questionnaire
cmd-match = Match pairs
cmd-pairs = Pairs

help-guest =
    This is the school mentorship programme bot.
    To join, open the invitation link the programme curator sent you.

    /privacy — what data about you is kept; for a parent: withdraw consent for your child
    /language — change the language
help-participant =
    <b>What you can do</b>
    /start — continue where you left off
    /profile — see and change your answers
    /pair — my pair, development plan, tell the curator about a problem
    /meetings — meetings: propose, confirm
    /plan — development plan
    /privacy — my data: what is kept and why, download a copy, withdraw consent
    /cancel — leave the current dialog (your answers are kept)
    /language — change the language
help-curator =
    <b>Curator commands</b>
    /curators — the school's curators: invite a colleague, remove one
    /invite — create an invitation link
    /links — invitation links: list and revoke
    /import — personal links for a participant list (CSV or XLSX)
    /consents — who is waiting for a parent's consent; record a paper consent
    /preferences — send out the preference questionnaire (after the group meeting)
    /match — match pairs
    /pairup — make a pair by hand
    /pairs — pairs: extend, replace the mentor, complete
    /roadmap — the roadmap: stages, due dates, what is done
    /reports — reports and exports: the full export, quarterly and annual reports, monitoring, the registry of mentors
    /swot — SWOT analysis per form of mentorship: strengths, weaknesses, opportunities, threats
    /status — programme summary: the figures, who needs attention, a chart
    /participants — participants: filters, a card, notes, pausing participation
    /stuck — who has not finished registering and what is missing
    /settings — reminder settings: quiet hours, timings, polls
    /broadcast — message participants: everyone, mentors, mentees, a form or those without a pair
    /broadcasts — broadcast reports: who got it, who did not
    /audit — audit log: who changed pairs and participants' data, exported reports, and when
    /start — curator menu
    /cancel — leave the current dialog

cancel-questionnaire = All right, let's stop here. Your answers are saved — continue any time with /start.
cancel-done = All right, cancelled.
cancel-nothing = There is nothing to cancel. Commands — /help.

language-choose = Choose a language:
language-ru = Русский
language-en = English
language-set = Done: I will speak English now.

unknown-command = I don't know that command. Commands — /help.
unknown-text = I understand commands and buttons only. Commands — /help.
access-participants-only = This command is for the mentorship programme's participants. To join, open the invitation link from your curator.
button-stale = This button no longer works.
button-not-yours = This button is not for you.
error-generic = Something went wrong. Please try again a little later — your answers are saved.

group-refusal = I only work in private messages. Please write to me in a private chat.
