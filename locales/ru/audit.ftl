## Журнал действий куратора (/audit): кто, что и когда менял в программе школы

cmd-audit = Журнал действий

audit-title = <b>📋 Журнал действий</b>
audit-about = Кто и когда менял пары и данные участников, выгружал отчёты и делал рассылки в вашей школе. Новые записи — сверху.
audit-shown = Показано: { $kind } — { $count } { $count ->
    [one] запись
    [few] записи
   *[many] записей
}
audit-empty = Записей пока нет.
audit-empty-filtered = Записей этого вида пока нет.
audit-line =
    <b>{ $when }</b> · { $who }
    { $what }

audit-filter-all = Все
audit-filter-pairs = Пары
audit-filter-participants = Участники
audit-filter-reports = Отчёты
audit-filter-broadcasts = Рассылки
audit-filter-school = Школа и настройки
audit-filter-chosen = • { $label }

audit-kind-all = все действия
audit-kind-pairs = пары, встречи и обращения
audit-kind-participants = участники, согласия и приглашения
audit-kind-reports = выгрузки отчётов
audit-kind-broadcasts = рассылки
audit-kind-school = школа, кураторы, настройки и дорожная карта

audit-btn-xlsx = 📥 Весь журнал (XLSX)
audit-xlsx-wait = Готовлю файл…
audit-xlsx-file = Журнал действий { $date }
audit-xlsx-caption = Журнал действий школы: { $count } { $count ->
    [one] запись
    [few] записи
   *[many] записей
}. Участники названы номерами, без имён.
audit-xlsx-sheet = Журнал действий
audit-xlsx-col-number = №
audit-xlsx-col-when = Дата и время
audit-xlsx-col-who = Кто
audit-xlsx-col-role = Роль
audit-xlsx-col-what = Действие
audit-xlsx-col-code = Код действия
audit-xlsx-col-object = Объект
audit-xlsx-col-object-id = Номер объекта

## Кто

audit-who-you = вы
audit-who-unnamed = куратор (Telegram ID { $id })
audit-who-former = бывший куратор (Telegram ID { $id })
audit-telegram-id = Telegram ID { $id }
audit-who-coordinator = координатор
audit-who-system = бот

audit-role-curator = куратор
audit-role-coordinator = координатор
audit-role-system = бот

audit-object-participant = участник
audit-object-pair = пара
audit-object-invite = ссылка-приглашение
audit-object-broadcast = рассылка
audit-object-roadmap-event = событие дорожной карты
audit-object-meeting = встреча
audit-object-concern = обращение
audit-object-consent = согласие
audit-object-programme = программа
audit-object-organisation = школа
audit-object-staff = куратор
audit-object-staff-invite = ссылка для куратора

## Участник в записи журнала

audit-person = { $name } (№ { $id })
audit-person-number = участник № { $id }
audit-person-removed = удалённый участник

## Что сделано

audit-pair-confirm = подтверждена пара № { $pair }: наставник — { $mentor }, наставляемый — { $mentee }
audit-pair-create-manual = вручную составлена пара № { $pair }: наставник — { $mentor }, наставляемый — { $mentee }
audit-pair-replace-mentor = в паре № { $pair } заменён наставник: { $old } → { $new } (причина: { $reason })
audit-pair-extend = пара № { $pair } продлена до { $new } (было до { $old }; причина: { $reason })
audit-pair-complete = завершена пара № { $pair } ({ $reason })
audit-match-confirm = подтверждён подбор пар: { $count } { $count ->
    [one] пара
    [few] пары
   *[many] пар
}
audit-concern-close = закрыто обращение № { $concern } по паре № { $pair }
audit-meeting-resolve = встреча № { $meeting } пары № { $pair } отмечена как { $held ->
    [yes] состоявшаяся
   *[no] несостоявшаяся
}
audit-participant-pause = приостановлено участие: { $person }
audit-participant-reactivate = возобновлено участие: { $person }
audit-participant-note-add = добавлена заметка (источник: { $source }): { $person }
audit-consent-paper = отмечено бумажное согласие родителя: { $person }
audit-invite-create = создана { $kind ->
    [group] групповая
   *[personal] личная
} ссылка-приглашение № { $invite }: { $role }, форма «{ $form }»
audit-invite-revoke = отозвана ссылка-приглашение № { $invite }
audit-roster-import = загружен список участников: { $count } { $count ->
    [one] личная ссылка
    [few] личные ссылки
   *[many] личных ссылок
}
audit-report-export = выгружен отчёт: { $report }
audit-broadcast-send = отправлена рассылка № { $broadcast } ({ $audience }): { $count } { $count ->
    [one] получатель
    [few] получателя
   *[many] получателей
}
audit-settings-change = изменены настройки: { $changes }
audit-settings-reset = настройки сброшены к значениям по умолчанию: { $changes }
audit-setting = { $name }: { $old } → { $new }
audit-setting-quiet-start = Начало тихих часов
audit-setting-quiet-end = Конец тихих часов
audit-roadmap = дорожная карта, { $event }: { $what }
audit-roadmap-event = «{ $title }»
audit-roadmap-event-number = событие № { $id }
audit-roadmap-done = отмечено выполненным
audit-roadmap-undo = возвращено в план
audit-roadmap-cancel = отменено
audit-roadmap-due = срок перенесён с { $old } на { $new }
audit-roadmap-responsible = изменён ответственный
audit-roadmap-add = добавлено в этап { $stage }
audit-school-add = добавлена школа
audit-curator-link = создана ссылка для нового куратора (№ { $link })
audit-curator-join = присоединение к кураторам школы по ссылке № { $link }
audit-curator-remove = удалён куратор: { $name }
audit-retention-purge = срок хранения истёк ({ $months } { $months ->
    [one] месяц
    [few] месяца
   *[many] месяцев
} после окончания программы): удалены персональные данные { $count } { $count ->
    [one] участника
   *[other] участников
}
audit-unknown = действие «{ $action }»

## Отчёты в журнале

audit-report-full = полная выгрузка (XLSX)
audit-report-people = участники (CSV)
audit-report-quarter = квартальный отчёт по дорожной карте за { $quarter } { $year }
audit-report-annual = годовые показатели
audit-report-impact = мониторинг влияния
audit-report-satisfaction = удовлетворённость участников
audit-report-registry = реестр наставников (XLSX)
audit-report-registry-csv = реестр наставников (CSV)
audit-report-swot = SWOT-анализ
audit-report-audit = журнал действий (XLSX)
