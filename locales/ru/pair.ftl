## Pair life: /pair, /plan, concerns (handlers/pair.py) and the curator's /pairs (handlers/curator/pairs.py)

pair-none = Сейчас у вас нет активной пары. Когда куратор закрепит пару, здесь появится её карточка.
pair-not-given = не указано
pairs-unknown-person = без имени

pair-card-title = <b>Ваша пара</b>
pair-card-other-mentor = Наставник: <b>{ $name }</b>
pair-card-other-mentee = Наставляемый: <b>{ $name }</b>
pair-card-form = Форма: { $form }
pair-card-period = Срок: с { $start } по { $end }
pair-card-requests = Запросы наставляемого: { $requests }
pair-card-goal = Цель наставляемого: { $goal }

pair-btn-plan = План развития
pair-btn-concern = Что-то не так в паре
pair-btn-replacement = Попросить замену наставника
pair-btn-send-no-comment = Отправить без комментария
pair-btn-add-goal = ➕ Добавить цель
pair-btn-add-task = ➕ Задача к цели { $number }
pair-btn-done = ⬜ { $title }
pair-btn-undo = ✅ { $title } (отменить)
pair-btn-no-due = Без срока
pair-btn-exit-questionnaire = Заполнить итоговую анкету

pair-plan-title = <b>План развития: { $mentee }</b>
pair-plan-empty = В плане пока нет целей. Добавьте первую цель кнопкой ниже.
pair-plan-progress = Выполнено: { $done } из { $total } { $total ->
        [one] задачи
        [few] задач
       *[many] задач
    }
pair-plan-goal = 🎯 <b>{ $number }. { $title }</b>
pair-plan-no-tasks = — задач пока нет
pair-plan-task = ▫️ { $title }
pair-plan-task-due = ▫️ { $title } — до { $due }
pair-plan-task-done = ✅ { $title }

pair-ask-goal = Напишите цель одним сообщением (не больше { $limit } { $limit ->
        [one] символа
        [few] символов
       *[many] символов
    }).
pair-ask-task = Напишите задачу к цели «{ $goal }» (не больше { $limit } { $limit ->
        [one] символа
        [few] символов
       *[many] символов
    }).
pair-ask-due = До какого числа выполнить задачу? Напишите дату в формате ДД.ММ.ГГГГ или нажмите «Без срока».
pair-goal-added = Цель добавлена.
pair-task-added = Задача добавлена.
pair-task-marked = Задача отмечена выполненной.
pair-task-unmarked = Отметка снята.

pair-input-empty = Сообщение пустое. Напишите текст, пожалуйста.
pair-input-too-long = Слишком длинный текст: { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    } при ограничении { $limit }. Сократите, пожалуйста.
pair-input-date = Не получилось прочитать дату. Напишите её в формате ДД.ММ.ГГГГ, например 25.12.2026.

pair-ask-concern = Расскажите куратору, что не так (не больше { $limit } { $limit ->
        [one] символа
        [few] символов
       *[many] символов
    }). Сообщение увидит только куратор, ваша пара о нём не узнает.
pair-ask-replacement = Почему вы просите заменить наставника? Напишите пару слов (не больше { $limit } { $limit ->
        [one] символа
        [few] символов
       *[many] символов
    }) или отправьте просьбу без комментария.
pair-replacement-mentee-only = Попросить замену наставника может только наставляемый.
pair-concern-sent = Спасибо, куратор получил ваше сообщение. Наставник и наставляемый о нём не узнают.
pair-replacement-sent = Просьба о замене наставника отправлена куратору. Наставник о ней не узнает.

pair-notify-replaced-mentee = Куратор заменил вашего наставника. Ваш новый наставник: <b>{ $mentor }</b>. Срок пары не изменился.
pair-notify-replaced-new = Вы назначены наставником для <b>{ $mentee }</b>. Пара продолжается до { $end }. Карточка пары — /pair.
pair-notify-replaced-old = Куратор передал вашего наставляемого ({ $mentee }) другому наставнику. Спасибо за вашу работу!
pair-notify-extended = Куратор продлил вашу пару до { $end }.
pair-notify-completed = Куратор завершил вашу пару ({ $other }). Спасибо за участие! Пожалуйста, ответьте на несколько вопросов итоговой анкеты.

## Curator

pairs-list-title = <b>Активные пары</b>: { $count } (страница { $page } из { $pages })
pairs-list-empty = Активных пар пока нет.
pairs-list-item = { $mentee } ← { $mentor } (до { $end })
pairs-btn-prev = ◀️ Назад
pairs-btn-next = Дальше ▶️
pairs-btn-list = К списку пар
pairs-btn-back = Назад
pairs-btn-plan = План развития
pairs-btn-extend = Продлить
pairs-btn-replace = Заменить наставника
pairs-btn-complete = Завершить пару
pairs-btn-close-concern = Закрыть
pairs-btn-open-card = Карточка пары

pairs-card-title = <b>Пара № { $pair }</b>
pairs-card-mentor = Наставник: <b>{ $name }</b>
pairs-card-mentee = Наставляемый: <b>{ $name }</b>
pairs-card-status-active = Статус: активна
pairs-card-status-completed = Статус: завершена
pairs-card-open-concerns = Открытых обращений: { $count }
pairs-card-history = <b>История</b>

pairs-event-created = пара создана, наставник { $mentor }
pairs-event-extended = продлена ({ $reason }): с { $old } до { $new }
pairs-event-replaced = наставник заменён ({ $reason }): { $old } → { $new }
pairs-event-completed = пара завершена ({ $reason })
pairs-event-other = событие «{ $kind }»

pairs-ext-reason-illness = болезнь
pairs-ext-reason-business-trip = командировка
pairs-ext-reason-other-absence = другое длительное отсутствие
pairs-rep-reason-left-school = уход из школы
pairs-rep-reason-incompatibility = психологическая несовместимость
pairs-rep-reason-duties-failure = систематическое неисполнение обязанностей
pairs-rep-reason-disciplinary = дисциплинарное взыскание
pairs-rep-reason-request = обоснованная просьба одной из сторон
pairs-cmp-reason-on-time = в срок
pairs-cmp-reason-goal-reached = досрочно: цель достигнута
pairs-cmp-reason-other = по другой причине
pairs-cmp-reason-withdrawn = участник отозвал согласие на обработку данных

pairs-ask-new-end = Сейчас пара длится до { $end }. Напишите новую дату окончания в формате ДД.ММ.ГГГГ (не позже { $last }: пара длится не больше года).
pairs-ask-replace-reason = Замена наставника { $mentor } для { $mentee }. Выберите причину:
pairs-ask-new-mentor = Выберите нового наставника (активные наставники со свободными местами):
pairs-ask-complete-reason = Почему пара завершается?
pairs-no-candidates = Нет активных наставников со свободными местами.
pairs-extended-done = Пара продлена до { $end }. Участники уведомлены.
pairs-replaced-done = Наставник заменён. Наставляемый, новый и прежний наставники уведомлены.
pairs-completed-done = Пара завершена. Участникам отправлена итоговая анкета.
pairs-concern-closed = Обращение закрыто.
pairs-concern-already-closed = Обращение уже закрыто.

pairs-curator-concern = ⚠️ <b>Обращение по паре № { $pair }</b>
    Наставник: { $mentor }
    Наставляемый: { $mentee }
    Написал(а): { $who } ({ $role })

    { $text }
pairs-curator-replacement = 🔁 <b>Просьба заменить наставника, пара № { $pair }</b>
    Наставник: { $mentor }
    Наставляемый: { $mentee }
    Просит: { $who } ({ $role })

    Комментарий: { $text }

pairs-error-not-mentor = Этот человек не наставник этой программы.
pairs-error-not-mentee = Этот человек не наставляемый этой программы.
pairs-error-not-ready = Наставник ещё не закончил регистрацию или отключён.
pairs-error-form-mismatch = Наставник не работает в форме этой пары.
pairs-error-mentee-paired = У наставляемого уже есть пара.
pairs-error-mentor-full = У наставника нет свободных мест: не больше двух наставляемых одновременно.
pairs-error-same-person = Наставник и наставляемый — один и тот же человек.
pairs-error-not-active = Пара уже завершена.
pairs-error-bad-reason = Неизвестная причина.
pairs-error-bad-date = Новая дата должна быть позже нынешней даты окончания. Напишите другую дату.
pairs-error-over-a-year = Нельзя: пара длится не больше одного года. Последний возможный день — { $last }. Напишите другую дату.

## Exit questionnaire (questionnaires/definitions/exit.toml)

qn-exit-title = Итоговая анкета
qn-exit-intro = Итоговая анкета: { $count } { $count ->
        [one] вопрос
        [few] вопроса
       *[many] вопросов
    }. Ваши ответы помогут сделать программу лучше.
q-exit-goal-reached = Удалось ли достичь цели, поставленной в паре?
q-exit-what-helped = Что помогло больше всего?
q-exit-again = Хотели бы вы участвовать в наставничестве снова?
opt-exit-goal-yes = Да
opt-exit-goal-partly = Частично
opt-exit-goal-no = Нет
opt-exit-again-yes = Да
opt-exit-again-no = Нет
