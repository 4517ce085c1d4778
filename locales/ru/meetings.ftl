# /meetings: встречи пары, предложения, отметки после встречи

meet-kind-organisational = организационная
meet-kind-trial = пробная
meet-kind-planning = планирование
meet-kind-regular = регулярная
meet-kind-final = итоговая
meet-format-offline = очно
meet-format-online = онлайн
meet-no-topic = тема не указана
meet-status-proposed = предложена
meet-status-accepted = согласована
meet-status-declined = отклонена
meet-status-cancelled = отменена
meet-status-held = состоялась
meet-status-not_held = не состоялась
meet-status-rescheduled = перенесена
meet-line = 📅 <b>{ $when }</b> — { $kind }, { $format }; { $topic } ({ $status })

meet-no-pair = У вас пока нет активной пары. Встречи появятся, когда куратор закрепит пару.
meet-upcoming-title = { $count ->
    [0] <b>Ближайших встреч нет.</b>
    [one] <b>Ближайшая { $count } встреча:</b>
    [few] <b>Ближайшие { $count } встречи:</b>
   *[many] <b>Ближайшие { $count } встреч:</b>
}
meet-upcoming-none = Предложите встречу кнопкой ниже.
meet-rhythm-now = Договорённость пары: встречаться раз в { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
}.
meet-propose = Предложить встречу
meet-skip = Пропустить
meet-need-text = Пожалуйста, напишите ответ текстом.

meet-ask-when = Когда встретиться? Напишите дату и время по школьному времени, например <code>25.11 15:30</code> или <code>25.11.2026 15:30</code>.
meet-when-format = Не получилось прочитать дату. Напишите так: <code>25.11 15:30</code> или <code>25.11.2026 15:30</code>.
meet-when-past = Это время уже прошло. Укажите дату и время в будущем.
meet-when-too-far = Встречу можно назначить не больше чем на год вперёд. Укажите более близкую дату.
meet-ask-kind = Какая это встреча? По порядку следующая — { $suggested } (отмечена ✅).
meet-ask-format = Как встречаетесь?
meet-ask-topic = Напишите тему встречи (не больше { $limit } { $limit ->
    [one] символа
    [few] символов
   *[many] символов
}) или нажмите «Пропустить».
meet-topic-too-long = Тема слишком длинная: { $length } { $length ->
    [one] символ
    [few] символа
   *[many] символов
} при пределе { $limit }. Сократите её, пожалуйста.
meet-proposed = Предложение отправлено. Сообщим, когда ответят.
    { $meeting }
meet-proposal-received = { $name } предлагает встречу:
    { $meeting }
meet-accept = Принять
meet-counter = Предложить другое время
meet-proposal-expired = Это время уже прошло. Предложите другое время.
meet-decline = Отклонить
meet-ask-counter = Напишите другое время: например <code>25.11 15:30</code>.
meet-counter-sent = Новое время отправлено.
    { $meeting }
meet-counter-received = { $name } предлагает другое время:
    { $meeting }
meet-you-accepted = Встреча согласована.
    { $meeting }
meet-you-declined = Вы отклонили встречу.
meet-other-accepted = { $name } принимает встречу:
    { $meeting }
meet-other-declined = { $name } отклоняет встречу:
    { $meeting }
    Можно предложить другую через /meetings.

meet-checkin-question = Встреча состоялась?
    { $meeting }
meet-checkin-yes = Да
meet-checkin-no = Нет
meet-checkin-moved = Перенесли
meet-ask-note = Спасибо! Коротко напишите, что сделали на встрече (не больше { $limit } { $limit ->
    [one] символа
    [few] символов
   *[many] символов
}), или нажмите «Пропустить».
meet-note-too-long = Слишком длинно: { $length } { $length ->
    [one] символ
    [few] символа
   *[many] символов
} при пределе { $limit }. Сократите, пожалуйста.
meet-note-saved = Записали. Спасибо!
meet-note-skipped = Хорошо, без заметки.
meet-checkin-no-noted = Записали: встреча не состоялась.
meet-checkin-moved-noted = Записали: встречу перенесли. Предложите новое время.
meet-moved-by-other = { $name } отмечает, что встречу перенесли:
    { $meeting }
    Новое время можно предложить через /meetings.
meet-result-held = Обе стороны подтвердили: встреча состоялась.
    { $meeting }
meet-result-not-held = Встреча отмечена как несостоявшаяся.
    { $meeting }
meet-disagreement = Ответы о встрече расходятся. Куратор посмотрит и решит.
meet-rhythm-question = Встреча по планированию состоялась. Как часто вы будете встречаться?
meet-rhythm-option = Раз в { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
}
meet-rhythm-set = Записали: встречаться раз в { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
}.
meet-rhythm-set-by-other = В паре договорились встречаться раз в { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
}.

meet-curator-disagreement = Пара { $mentor } — { $mentee } расходится в ответах: один говорит, что встреча состоялась, другой — что нет.
    { $meeting }
meet-curator-held = Считать состоявшейся
meet-curator-not-held = Не состоялась
meet-curator-done-held = Встреча засчитана как состоявшаяся.
meet-curator-done-not-held = Встреча отмечена как несостоявшаяся.
