# /roadmap: the curator's roadmap screen (handlers/curator/roadmap.py). Stage names, event titles and
# who is responsible come from roadmap.ftl.

cmd-roadmap = Дорожная карта

rm-title = 🗺 <b>Дорожная карта { $year }</b>
rm-today = Сегодня { $date }. Всего { $count ->
        [one] { $count } мероприятие
        [few] { $count } мероприятия
       *[many] { $count } мероприятий
    }: выполнено { $done }, предстоит { $due }, просрочено { $overdue }{ $cancelled ->
        [0] {""}
       *[other] , отменено { $cancelled }
    }.
rm-stage-head = <b>{ $number }. { $name }</b>
rm-counts = { $count ->
        [one] { $count } мероприятие
        [few] { $count } мероприятия
       *[many] { $count } мероприятий
    }: выполнено { $done }, предстоит { $due }, просрочено { $overdue }{ $cancelled ->
        [0] {""}
       *[other] , отменено { $cancelled }
    }
rm-auto-marked = 🤖 Бот сам отметил выполненными { $count ->
        [one] { $count } мероприятие
        [few] { $count } мероприятия
       *[many] { $count } мероприятий
    }:
rm-auto-marked-item = • { $title }
rm-button-stage = { $number }. { $name }{ $overdue ->
        [0] {""}
       *[other] { " · ⚠️ " }{ $overdue }
    }
rm-button-add = ➕ Добавить мероприятие
rm-button-home = ⬅️ К обзору этапов

# A stage's events
rm-stage-title = <b>Этап { $number }. { $name }</b>
rm-stage-empty = В этом этапе пока нет мероприятий.
rm-line-done = { $number }. ✅ { $title } — выполнено { $date }
rm-line-done-auto = { $number }. ✅ { $title } — выполнено { $date }, отмечено автоматически
rm-line-overdue = { $number }. ⚠️ { $title } — срок { $date } прошёл
rm-line-planned = { $number }. 🗓 { $title } — до { $date }
rm-line-cancelled = { $number }. ❌ <s>{ $title }</s> — отменено (срок был { $date })
rm-button-event = { $number }. { $mark } { $title }

# An event's card
rm-card =
    <b>{ $title }</b>
    Этап { $number }. { $name } · { $kind }
    Срок: { $date }
    Ответственный: { $responsible }
    Статус: { $status }
rm-kind-event = мероприятие
rm-kind-report = отчёт
rm-kind-custom = добавлено куратором
rm-responsible-none = не указан
rm-status-planned = 🗓 запланировано
rm-status-overdue = ⚠️ просрочено на { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }
rm-status-done = ✅ выполнено { $date }
rm-status-done-auto = ✅ выполнено { $date }, отмечено автоматически
rm-status-cancelled = ❌ отменено
rm-auto-hint = 🤖 Бот отметит мероприятие сам, когда { $condition }.
rm-auto-off = Автоматическая отметка выключена: статус меняли вручную.
rm-auto-consents-collected = все участники дадут согласие на обработку данных (за несовершеннолетних — и родители)
rm-auto-mentee-questionnaires-done = все наставляемые заполнят анкету
rm-auto-mentor-questionnaires-done = все наставники заполнят анкету
rm-auto-baseline-done = все наставляемые пройдут входную самооценку
rm-auto-preferences-done = все участники без пары заполнят анкету предпочтений
rm-auto-pairs-formed = у каждого наставляемого будет пара
rm-auto-final-survey-done = все пары завершатся и их участники ответят на итоговую анкету
rm-auto-swot-done = по каждой форме, в которой были пары, будет заполнен SWOT-анализ — все четыре части (/swot)
rm-button-done = ✅ Отметить выполненным
rm-button-undo = ↩️ Вернуть в план
rm-button-date = 🗓 Перенести срок
rm-button-resp = 👤 Изменить ответственного
rm-button-cancel = ❌ Отменить мероприятие
rm-button-stage-back = ⬅️ К этапу
rm-button-back = ⬅️ Назад
rm-note-done = Отмечено как выполненное.
rm-note-undo = Мероприятие снова в плане.
rm-note-cancel = Мероприятие отменено. Вернуть его можно кнопкой «Вернуть в план».
rm-note-date = Срок перенесён на { $date }.
rm-note-resp = Ответственный изменён.

# Typed answers
rm-ask-date =
    Срок «{ $title }» сейчас — { $current }.
    Введите новый срок в формате ДД.ММ.ГГГГ, например { $example }. Подойдёт дата с { $first } по { $last }.
rm-date-invalid = Не удалось прочитать дату. Введите её в формате ДД.ММ.ГГГГ, например { $example } (с { $first } по { $last }).
rm-date-range = Эта дата слишком далеко от года программы. Введите дату с { $first } по { $last } в формате ДД.ММ.ГГГГ, например { $example }.
rm-ask-resp =
    Кто отвечает за «{ $title }»? Сейчас: { $current }.
    Напишите одним сообщением, не длиннее { $limit ->
        [one] { $limit } символа
       *[other] { $limit } символов
    }.
rm-resp-empty = Пустой ответ не подходит. Напишите, кто отвечает за мероприятие.
rm-too-long = Слишком длинно: { $length ->
        [one] { $length } символ
        [few] { $length } символа
       *[many] { $length } символов
    }, а можно не больше { $limit }. Сократите, пожалуйста.
rm-add-stage = К какому этапу относится новое мероприятие?
rm-stage-option = { $number }. { $name }
rm-add-title = Новое мероприятие этапа { $number } «{ $name }». Напишите его название — не длиннее { $limit ->
        [one] { $limit } символа
       *[other] { $limit } символов
    }.
rm-title-empty = Пустое название не подходит. Напишите название мероприятия (не длиннее { $limit ->
        [one] { $limit } символа
       *[other] { $limit } символов
    }).
rm-add-due = Срок для «{ $title }»: введите дату в формате ДД.ММ.ГГГГ, например { $example }. Подойдёт дата с { $first } по { $last }.
rm-note-added = Мероприятие «{ $title }» добавлено, срок — { $date }.
rm-use-buttons = Пожалуйста, выберите этап кнопкой.
rm-type-text = Пожалуйста, напишите ответ текстом или нажмите «Назад».
rm-not-found = Мероприятие не найдено. Откройте /roadmap заново.
rm-stale = Эта кнопка устарела. Откройте /roadmap заново.
