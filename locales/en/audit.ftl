## The curator's audit log (/audit): who changed what in the school's programme, and when

cmd-audit = Audit log

audit-title = <b>📋 Audit log</b>
audit-about = Who changed pairs and participants' data, exported reports and sent broadcasts in your school, and when. Newest first.
audit-shown = Shown: { $kind } — { $count } { $count ->
    [one] entry
   *[other] entries
}
audit-empty = No entries yet.
audit-empty-filtered = No entries of this kind yet.
audit-line =
    <b>{ $when }</b> · { $who }
    { $what }

audit-filter-all = All
audit-filter-pairs = Pairs
audit-filter-participants = Participants
audit-filter-reports = Reports
audit-filter-broadcasts = Broadcasts
audit-filter-school = School and settings
audit-filter-chosen = • { $label }

audit-kind-all = all actions
audit-kind-pairs = pairs, meetings and concerns
audit-kind-participants = participants, consents and invitations
audit-kind-reports = report exports
audit-kind-broadcasts = broadcasts
audit-kind-school = the school, curators, settings and the roadmap

audit-btn-xlsx = 📥 The whole log (XLSX)
audit-xlsx-wait = Preparing the file…
audit-xlsx-file = Audit log { $date }
audit-xlsx-caption = The school's audit log: { $count } { $count ->
    [one] entry
   *[other] entries
}. Participants are given by number, without names.
audit-xlsx-sheet = Audit log
audit-xlsx-col-number = No.
audit-xlsx-col-when = Date and time
audit-xlsx-col-who = Who
audit-xlsx-col-role = Role
audit-xlsx-col-what = Action
audit-xlsx-col-code = Action code
audit-xlsx-col-object = Object
audit-xlsx-col-object-id = Object number

## Who

audit-who-you = you
audit-who-unnamed = curator (Telegram ID { $id })
audit-who-former = former curator (Telegram ID { $id })
audit-telegram-id = Telegram ID { $id }
audit-who-coordinator = coordinator
audit-who-system = the bot

audit-role-curator = curator
audit-role-coordinator = coordinator
audit-role-system = the bot

audit-object-participant = participant
audit-object-pair = pair
audit-object-invite = invitation link
audit-object-broadcast = broadcast
audit-object-roadmap-event = roadmap event
audit-object-meeting = meeting
audit-object-concern = concern
audit-object-consent = consent
audit-object-programme = programme
audit-object-organisation = school
audit-object-staff = curator
audit-object-staff-invite = curator link

## A participant in a log entry

audit-person = { $name } (No. { $id })
audit-person-number = participant No. { $id }
audit-person-removed = removed participant

## What was done

audit-pair-confirm = pair No. { $pair } confirmed: mentor { $mentor }, mentee { $mentee }
audit-pair-create-manual = pair No. { $pair } made by hand: mentor { $mentor }, mentee { $mentee }
audit-pair-replace-mentor = mentor replaced in pair No. { $pair }: { $old } → { $new } (reason: { $reason })
audit-pair-extend = pair No. { $pair } extended to { $new } (was until { $old }; reason: { $reason })
audit-pair-complete = pair No. { $pair } completed ({ $reason })
audit-match-confirm = matching confirmed: { $count } { $count ->
    [one] pair
   *[other] pairs
}
audit-concern-close = concern No. { $concern } of pair No. { $pair } closed
audit-meeting-resolve = meeting No. { $meeting } of pair No. { $pair } marked as { $held ->
    [yes] held
   *[no] not held
}
audit-participant-pause = participation paused: { $person }
audit-participant-reactivate = participation resumed: { $person }
audit-participant-note-add = note added (source: { $source }): { $person }
audit-consent-paper = a parent's paper consent recorded: { $person }
audit-invite-create = { $kind ->
    [group] group
   *[personal] personal
} invitation link No. { $invite } created: { $role }, form “{ $form }”
audit-invite-revoke = invitation link No. { $invite } revoked
audit-roster-import = participant list imported: { $count } personal { $count ->
    [one] link
   *[other] links
}
audit-report-export = report exported: { $report }
audit-broadcast-send = broadcast No. { $broadcast } sent ({ $audience }): { $count } { $count ->
    [one] recipient
   *[other] recipients
}
audit-settings-change = settings changed: { $changes }
audit-settings-reset = settings reset to the defaults: { $changes }
audit-setting = { $name }: { $old } → { $new }
audit-setting-quiet-start = Quiet hours start
audit-setting-quiet-end = Quiet hours end
audit-roadmap = roadmap, { $event }: { $what }
audit-roadmap-event = “{ $title }”
audit-roadmap-event-number = event No. { $id }
audit-roadmap-done = marked done
audit-roadmap-undo = put back into the plan
audit-roadmap-cancel = cancelled
audit-roadmap-due = due date moved from { $old } to { $new }
audit-roadmap-responsible = person responsible changed
audit-roadmap-add = added to stage { $stage }
audit-school-add = school added
audit-curator-link = link for a new curator created (No. { $link })
audit-curator-join = joined the school's curators with link No. { $link }
audit-curator-remove = curator removed: { $name }
audit-retention-purge = the retention period ran out ({ $months } { $months ->
    [one] month
   *[other] months
} after the programme ended): personal data of { $count } { $count ->
    [one] participant
   *[other] participants
} deleted
audit-unknown = action “{ $action }”

## Reports in the log

audit-report-full = full export (XLSX)
audit-report-people = participants (CSV)
audit-report-quarter = quarterly roadmap report for { $quarter } { $year }
audit-report-annual = annual figures
audit-report-impact = impact monitoring
audit-report-satisfaction = participant satisfaction
audit-report-registry = registry of mentors (XLSX)
audit-report-registry-csv = registry of mentors (CSV)
audit-report-swot = SWOT analysis
audit-report-audit = audit log (XLSX)
