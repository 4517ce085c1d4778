## Участники (/participants): список с фильтрами, карточка, заметки, приостановка участия

cmd-participants = Участники: фильтры, карточки, заметки

people-title = <b>Участники программы</b>
people-no-filters = Фильтры не выбраны — показаны все.
people-filters = Фильтры: { $filters }
people-filter-item = { $dimension } — { $value }
people-found = Найдено: { $count }
people-item = { $number }. <b>{ $name }</b> — { $role }, «{ $form }», { $status }{ $marks }
people-open = { $number }. { $name }
people-mark-paired = {" "}🤝
people-mark-unreachable = {" "}📵
people-legend = 🤝 — в действующей паре, 📵 — сообщения бота не доходят
people-empty = В программе пока нет участников. Пригласить — /invite.
people-empty-filtered = Под выбранные фильтры никто не подходит. Измените фильтры или сбросьте их.
people-unnamed = без имени (участник №{ $id })
people-not-found = Такого участника нет в текущей программе.

## Фильтры

people-filter-button = { $dimension }: { $value }
people-filter-reset = ✖️ Сбросить фильтры
people-pick = Фильтр «{ $dimension }»: выберите значение.
people-chosen = ✅ { $value }
people-back-list = ⬅️ К списку
people-any = все
people-dim-role = Роль
people-dim-form = Форма
people-dim-consent = Согласие
people-dim-questionnaire = Анкета
people-dim-paired = Пара
people-dim-unreachable = Связь
people-role-mentor = наставники
people-role-mentee = наставляемые
people-consent-given = получено
people-consent-waiting = ожидается
people-consent-declined = отказ
people-questionnaire-done = заполнена
people-questionnaire-missing = не заполнена
people-paired-yes = в паре
people-paired-no = без пары
people-unreachable-yes = нет связи
people-unreachable-no = на связи

## Статусы участника

people-status-invited = согласие ещё не получено
people-status-declined = отказ от согласия
people-status-awaiting-parent = ждёт согласия родителя
people-status-questionnaire = заполняет анкету
people-status-active = участвует
people-status-inactive = участие приостановлено

## Карточка

people-card-title = <b>{ $name }</b>
people-card-role = Роль: { $role } · форма «{ $form }»
people-card-class = Класс или предмет: { $value }
people-card-status = Статус: { $status }
people-card-minor = 👪 Несовершеннолетний участник
people-card-unreachable = 📵 Сообщения бота не доходят с { $date }: похоже, бот заблокирован.
people-card-none = нет
people-card-consents = <b>Согласия</b>
people-card-consent = • { $kind }, версия { $version }, { $date }
people-consent-self = собственное
people-consent-parent = родителя (в боте)
people-consent-paper = родителя (на бумаге)
people-card-questionnaires = <b>Анкеты</b>
people-card-questionnaire = • { $title } — { $date }
people-card-pairs = <b>Пара</b>
people-card-pair = • { $side }: { $name }, { $start } — { $end } ({ $status })
people-pair-active = действует
people-pair-completed = завершена
people-card-no-pair = пары нет
people-card-meetings = Встречи: проведено { $held }, всего назначено { $total }
people-card-feedback = Ежемесячные опросы: { $months }
people-card-feedback-none = Ежемесячные опросы: ответов пока нет
people-month = { $month } { $year }
people-card-notes = <b>Заметки (сначала новые)</b>
people-card-notes-more = …и ещё { $count } { $count ->
        [one] заметка
        [few] заметки
       *[many] заметок
    }
people-note = • { $date }, { $source }: { $text }
people-back-card = ⬅️ К карточке

people-btn-answers = 📄 { $title }
people-btn-feedback = 📝 Опрос: { $month }
people-btn-pair = 🤝 Пара: { $name }
people-btn-add-note = ➕ Добавить заметку
people-btn-notes = 📒 Заметки полностью
people-btn-deactivate = ⏸ Приостановить участие
people-btn-deactivate-yes = Да, приостановить
people-btn-reactivate = ▶️ Вернуть в программу

people-answers-of = <b>{ $name }</b> · отправлено { $date }
people-answers-of-month = <b>{ $name }</b> · опрос за { $month }

## Заметки третьих лиц

people-source-psychologist = психолог
people-source-class-teacher = классный руководитель
people-source-parent = родители
people-source-other = другое
people-src-btn-psychologist = 🧠 Психолог
people-src-btn-class-teacher = 🏫 Классный руководитель
people-src-btn-parent = 👪 Родители
people-src-btn-other = 📎 Другое
people-note-source =
    Заметка о наставляемом: <b>{ $name }</b>
    От кого эти сведения?
people-note-ask =
    Источник: { $source }.
    Напишите текст заметки одним сообщением — до { $limit } { $limit ->
        [one] символа
       *[other] символов
    }. Передумали — /cancel.
people-note-too-long = Слишком длинная заметка: { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    } при ограничении { $limit }. Сократите текст и пришлите его ещё раз или разделите на две заметки.
people-note-empty = Заметка пустая. Напишите текст одним сообщением или нажмите /cancel.
people-note-text-only = Пожалуйста, пришлите заметку текстом — до { $limit } { $limit ->
        [one] символа
       *[other] символов
    }. Передумали — /cancel.
people-note-saved = ✅ Заметка сохранена.
people-notes-title =
    <b>Заметки: { $name }</b>
    { $number } из { $total }, сначала новые
people-notes-empty = <b>{ $name }</b>: заметок пока нет.

## Приостановка участия

people-deactivate-ask =
    <b>Приостановить участие: { $name }?</b>
    Бот перестанет присылать этому участнику напоминания и опросы, в подбор пар он не попадёт. Вернуть в программу можно из этой же карточки.
people-deactivate-ask-final =
    <b>Приостановить участие: { $name }?</b>
    Бот перестанет присылать этому участнику напоминания. Анкета ещё не заполнена, поэтому вернуть участника в программу из карточки потом не получится.
people-deactivated = Участие приостановлено.
people-reactivated = Участник снова в программе.
people-error-in-pair =
    <b>{ $name }</b> сейчас в действующей паре, поэтому участие пока нельзя приостановить.
    Сначала завершите пару или замените наставника в /pairs — кнопка ниже откроет карточку пары.
people-error-already-inactive = Участие уже приостановлено.
people-error-not-inactive = Этот участник и так в программе.
people-error-no-intake = Вернуть в программу можно только того, кто заполнил анкету. Этот участник её не отправил, а этап регистрации, на котором он остановился, не сохраняется.
