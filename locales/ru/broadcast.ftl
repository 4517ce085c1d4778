## The curator's /broadcast (an announcement to a part of the programme) and /broadcasts (delivery reports).

cmd-broadcast = Сообщение участникам
cmd-broadcasts = Отчёты о рассылках

## What a recipient gets: this heading, an empty line, the curator's text (escaped)

broadcast-heading = 📣 <b>Сообщение от куратора программы</b>

## /broadcast: the audience

broadcast-audience-question = Кому отправить сообщение? На кнопках — сколько человек его получат.
broadcast-audience-button = { $audience } · { $count }
broadcast-audience-all = Все активные участники
broadcast-audience-mentor = Наставники
broadcast-audience-mentee = Наставляемые
broadcast-audience-form = Форма «{ $form }»
broadcast-audience-unpaired = Участники без пары
broadcast-audience-unknown = Неизвестная группа
broadcast-audience-empty = В этой группе пока некому отправить сообщение. Выберите другую.

## /broadcast: the text

broadcast-text-question =
    Кому: { $audience }.
    Напишите текст сообщения — до { $limit } { $limit ->
        [one] символа
       *[other] символов
    }. Выйти — /cancel.
broadcast-text-only = Пожалуйста, пришлите текст сообщения. Выйти — /cancel.
broadcast-text-too-long = Слишком длинный текст: { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    } при ограничении { $limit }. Сократите его, пожалуйста, и пришлите снова.
broadcast-text-too-long-marks = Текст не помещается в одно сообщение: знаки &lt;, &gt; и &amp; занимают в нём больше места. Сократите его, пожалуйста, и пришлите снова.

## /broadcast: the preview

broadcast-preview-title = 👆 Так сообщение увидят получатели.
broadcast-preview-audience = Кому: { $audience }
broadcast-preview-count = Сообщение уйдёт { $count } { $count ->
        [one] участнику
       *[other] участникам
    }.
broadcast-unreachable = { $count ->
        [one] { $count } участник заблокировал бота — ему сообщение не придёт.
        [few] { $count } участника заблокировали бота — им сообщение не придёт.
       *[many] { $count } участников заблокировали бота — им сообщение не придёт.
    }
broadcast-send = ✅ Отправить
broadcast-edit = ✏️ Изменить текст
broadcast-cancel = ✖️ Отмена

## /broadcast: after the choice

broadcast-queued = ✅ Рассылка поставлена в очередь: { $count } { $count ->
        [one] сообщение
        [few] сообщения
       *[many] сообщений
    }.
broadcast-quiet-now = 🌙 Сейчас тихие часы: сообщения уйдут { $date } в { $time }.
broadcast-quiet-hours = Сообщения уходят в течение нескольких минут, но не в тихие часы (с { $start } до { $end }).
broadcast-report-hint = Как дошли сообщения — /broadcasts.
broadcast-open-report = 📊 Отчёт о доставке
broadcast-cancelled = Рассылка отменена.
broadcast-nobody = В этой группе сейчас некому отправить сообщение — рассылка не создана.
broadcast-stale = Эта кнопка уже не работает: рассылка отправлена или отменена. Новая рассылка — /broadcast.

## /broadcasts: the list, a report, who did not get it

broadcasts-empty = Рассылок пока не было. Отправить сообщение участникам — /broadcast.
broadcasts-title = <b>📣 Последние рассылки</b>
broadcasts-item =
    { $number }. { $date } · { $audience } · { $count } { $count ->
        [one] получатель
        [few] получателя
       *[many] получателей
    }
    «{ $words }»
broadcasts-open = 📊 { $number }
broadcast-not-found = Такой рассылки нет.

broadcast-report =
    <b>📊 Рассылка от { $date }</b>
    Кому: { $audience }
    «{ $words }»

    Поставлено в очередь: { $queued }
    ✅ Доставлено: { $delivered }
    ⏳ Ждут отправки: { $pending }
    🚫 Заблокировали бота: { $blocked }
    ⚠️ Не доставлено из-за ошибки: { $failed }
    🗑 Устарели или отменены: { $dropped }
broadcast-missed-button = 👤 Кто не получил ({ $count })
broadcast-refresh = 🔄 Обновить
broadcast-back-to-report = ⬅️ К отчёту

broadcast-missed-title = <b>Не получили рассылку от { $date }</b>: { $count } { $count ->
        [one] человек
        [few] человека
       *[many] человек
    }
broadcast-missed-item = { $number }. { $name } ({ $role }) — { $reason }
broadcast-missed-item-gone = { $number }. Участник больше не в программе — { $reason }
broadcast-missed-noname = без имени
broadcast-reason-blocked = заблокировал(а) бота
broadcast-reason-failed = Telegram не принял сообщение
