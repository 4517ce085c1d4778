## Движок анкет

qa-progress = Вопрос { $number } из { $total }
qa-hint-single = Выберите один вариант.
qa-hint-multi = Можно выбрать несколько вариантов, затем нажмите «Готово».
qa-hint-text = Напишите ответ сообщением (до { $limit } { $limit ->
        [one] символа
       *[other] символов
    }).
qa-hint-number = Напишите число от { $min } до { $max }.
qa-hint-date = Напишите дату в формате ДД.ММ.ГГГГ, например 15.09.2026.
qa-hint-scale = Оцените от { $min } до { $max }: { $min } — совсем нет, { $max } — полностью.
qa-optional = Этот вопрос можно пропустить.
qa-current-answer = Сейчас: { $answer }
qa-back = ⬅️ Назад
qa-skip = Пропустить ➡️
qa-done = Готово ✔️
qa-keep = Оставить как есть ✔️
qa-skipped = — пропущено
qa-missing = ❗ нет ответа
qa-scale-value = { $value } из { $max }
qa-review-title = <b>Проверьте ответы: { $title }</b>
qa-answers-title = <b>{ $title }</b>
qa-review-hint = Всё верно? Нажмите «Отправить». Чтобы исправить ответ, нажмите «Изменить ответ».
qa-submit = ✅ Отправить
qa-fix = ✏️ Изменить ответ
qa-submitted = Анкета «{ $title }» отправлена. Спасибо!
qa-already-submitted = Эта анкета уже отправлена. Изменить ответы можно в /profile.
qa-stale-button = Эта кнопка от другого вопроса. Ответьте, пожалуйста, на текущий.
qa-first-question = Это первый вопрос.
qa-choose-one = Выберите хотя бы один вариант.
qa-too-many = Можно выбрать не больше { $max }.
qa-missing-answers = Остались вопросы без ответа — вернёмся к ним.
qa-lost = Не нашёл вашу анкету. Нажмите /start, чтобы продолжить.
qa-review-use-buttons = Проверьте ответы и нажмите «Отправить» или «Изменить ответ».
qa-only-text = Здесь нужен ответ текстом или кнопкой — стикеры, фото и файлы я не сохраняю.

qa-error-empty = Ответ пустой. Напишите, пожалуйста, текст.
qa-error-too-long = Слишком длинный ответ: { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    } при ограничении { $limit }. Сократите, пожалуйста.
qa-error-not-number = Нужно число, например 5. Напишите только цифры.
qa-error-range = Нужно число от { $min } до { $max }.
qa-error-date = Не понял дату. Напишите её в формате ДД.ММ.ГГГГ, например 15.09.2026.
qa-error-use-buttons = Пожалуйста, выберите вариант кнопкой под вопросом.

## Анкета наставляемого

qn-mentee-intake-title = Анкета наставляемого
qn-mentee-intake-intro = Начнём анкету наставляемого: около { $count } { $count ->
        [one] вопроса
       *[other] вопросов
    }. Ответы сохраняются сразу — можно прерваться и продолжить позже.
q-mentee-intake-kind = Кто вы?
q-mentee-intake-grade = В каком вы классе?
q-mentee-intake-course = На каком вы курсе?
q-mentee-intake-experience-years = Сколько лет вы работаете учителем? (если меньше года, напишите 0)
q-mentee-intake-subject = Какой предмет вы преподаёте?
q-mentee-intake-requests = С чем вам нужна помощь наставника?
q-mentee-intake-requests-details = Расскажите своими словами, какие трудности вы хотите решить.
q-mentee-intake-goal = Какой цели вы хотите достичь за этот учебный год?
q-mentee-intake-meeting-format = Как вам удобнее встречаться?
q-mentee-intake-meeting-times = Когда вам удобно встречаться?

## Анкета наставника

qn-mentor-intake-title = Анкета наставника
qn-mentor-intake-intro = Начнём анкету наставника: { $count } { $count ->
        [one] вопрос
        [few] вопроса
       *[many] вопросов
    }. Ответы сохраняются сразу — можно прерваться и продолжить позже.
q-mentor-intake-position = Ваша должность и предмет (например, «учитель математики»). Если вы учитесь — класс или курс.
q-mentor-intake-experience-years = Сколько лет у вас профессионального опыта? (если вы ученик или студент, напишите 0)
q-mentor-intake-can-help = В чём вы можете помочь наставляемому?
q-mentor-intake-can-help-details = Расскажите подробнее о своём опыте: что у вас получается лучше всего?
q-mentor-intake-capacity = Скольких наставляемых вы готовы взять? (По положению — не больше двух.)
q-mentor-intake-preferred-forms = Какие формы наставничества вам подходят?
q-mentor-intake-meeting-format = Как вам удобнее встречаться?
q-mentor-intake-availability = Когда вы обычно свободны для встреч?

## Самооценка наставляемого

qn-self-assessment-title = Самооценка
qn-self-assessment-intro = И последнее — короткая самооценка: { $count } { $count ->
        [one] вопрос
        [few] вопроса
       *[many] вопросов
    }, оценки от 1 до 10. Это точка отсчёта: в конце программы мы спросим ещё раз и сравним.
q-self-assessment-confidence = Насколько вы уверены в себе в учёбе или работе?
q-self-assessment-methods = Насколько свободно вы владеете методиками преподавания?
q-self-assessment-classroom = Насколько легко вам удаётся удерживать дисциплину и интерес класса?
q-self-assessment-parents = Насколько уверенно вы общаетесь с родителями учеников?
q-self-assessment-motivation = Насколько вам интересно учиться?
q-self-assessment-goals = Насколько хорошо вы умеете ставить цели и добиваться их?
q-self-assessment-career = Насколько ясно вы представляете свою будущую профессию?
q-self-assessment-communication = Насколько легко вам общаться и работать в команде?

## Варианты ответов

opt-person-kind-teacher = Учитель
opt-person-kind-student = Ученик (школьник)
opt-person-kind-university-student = Студент
opt-directions-intellectual = Интеллектуальное: учёба, олимпиады, проекты
opt-directions-sport = Спортивное
opt-directions-volunteer = Волонтёрское
opt-directions-career = Профориентационное: выбор профессии
opt-directions-creative = Творческое
opt-directions-methodical = Методическое: уроки, методики, документы
opt-meeting-format-offline = Очно
opt-meeting-format-online = Онлайн
opt-meeting-format-any = Без разницы
opt-meeting-times-before-lessons = До уроков
opt-meeting-times-breaks = На переменах
opt-meeting-times-after-lessons = После уроков
opt-meeting-times-evening = Вечером
opt-meeting-times-weekend = В выходные
opt-capacity-1 = Одного
opt-capacity-2 = Двоих
opt-forms-teacher-teacher = Учитель — учитель
opt-forms-teacher-student = Учитель — ученик
opt-forms-student-student = Ученик — ученик
opt-forms-university-student = Студент — ученик
opt-forms-employer-student = Работодатель — ученик
opt-forms-employer-university = Работодатель — студент

## Общие вопросы анкет

q-mentee-intake-full-name = Как вас зовут? Напишите фамилию, имя и отчество (если есть).
q-mentor-intake-full-name = Как вас зовут? Напишите фамилию, имя и отчество (если есть).
qa-hint-rank = Выберите до { $max } в порядке предпочтения, затем нажмите «Готово». Повторное нажатие снимает выбор.
qa-no-options = Пока выбрать не из кого — можно пропустить этот вопрос.
