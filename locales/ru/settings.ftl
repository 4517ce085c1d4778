## The curator's /settings (reminder settings) and /stuck (unfinished registrations).

cmd-settings = Настройки напоминаний
cmd-stuck = Кто не завершил регистрацию

## /settings: the screen

settings-title = <b>⚙️ Настройки напоминаний</b>
settings-hint = Чтобы изменить настройку, нажмите кнопку ниже.
settings-line = { $name }: { $value }
settings-list = { $first } и { $last }
settings-saved = ✅ Сохранено.

settings-section-when = <b>Когда писать</b>
settings-section-meetings = <b>Встречи</b>
settings-section-pairs = <b>Пары</b>
settings-section-polls = <b>Опросы и регистрация</b>
settings-section-curator = <b>Для вас</b>
settings-section-data = <b>Хранение данных</b>

settings-item-hours-before = за { $value } { $value ->
        [one] час
        [few] часа
       *[many] часов
    }
settings-item-days-before = за { $value } { $value ->
        [one] день
        [few] дня
       *[many] дней
    }
settings-item-days-after = через { $value } { $value ->
        [one] день
        [few] дня
       *[many] дней
    }

settings-name-quiet = Тихие часы
settings-value-quiet = { $start }–{ $end }
settings-value-quiet-off = нет, писать в любое время
settings-button-quiet = 🌙 Тихие часы
settings-about-quiet = В эти часы бот не присылает напоминаний: они придут, когда тихие часы закончатся.

settings-name-quiet-weekends = По выходным
settings-value-quiet-weekends-on = не беспокоить
settings-value-quiet-weekends-off = как в будни
settings-toggle-quiet-weekends-on = 🔕 Не писать по выходным
settings-toggle-quiet-weekends-off = 🔔 Писать и по выходным

settings-name-meeting-reminder-hours = Напоминания о встрече
settings-button-meeting-reminder-hours = Напоминания о встрече
settings-about-meeting-reminder-hours = За сколько часов до встречи напомнить о ней обоим участникам пары.

settings-name-checkin-repeat-hours = Повторный вопрос «Как прошла встреча?»
settings-value-checkin-repeat-hours = через { $value } { $value ->
        [one] час
        [few] часа
       *[many] часов
    }
settings-button-checkin-repeat-hours = Повторный вопрос
settings-about-checkin-repeat-hours = Через сколько часов повторить вопрос о прошедшей встрече тому, кто ещё не ответил.

settings-name-checkin-curator-hours = Сообщить вам, если о встрече не ответили
settings-value-checkin-curator-hours = через { $value } { $value ->
        [one] час
        [few] часа
       *[many] часов
    }
settings-button-checkin-curator-hours = Встреча без ответа
settings-about-checkin-curator-hours = Через сколько часов после встречи сообщить вам, если кто-то из пары так и не ответил, как она прошла.

settings-name-idle-curator-days = Сообщить вам о паре без встреч
settings-value-idle-curator-days = через { $value } { $value ->
        [one] день
        [few] дня
       *[many] дней
    }
settings-button-idle-curator-days = Пара без встреч
settings-about-idle-curator-days = Через сколько дней без встреч сообщить вам о паре. Саму пару бот позовёт встретиться раньше — по её ритму встреч.

settings-name-pair-end-notice-days = Предупреждение о конце пары
settings-value-pair-end-notice-days = за { $value } { $value ->
        [one] день
        [few] дня
       *[many] дней
    }
settings-button-pair-end-notice-days = Конец пары
settings-about-pair-end-notice-days = За сколько дней до окончания пары предупредить её участников и вас.

settings-name-relationship-check-days = Вопрос об отношениях в паре
settings-value-relationship-check-days = через { $value } { $value ->
        [one] день
        [few] дня
       *[many] дней
    } после начала
settings-button-relationship-check-days = Вопрос об отношениях
settings-about-relationship-check-days = Через сколько дней после начала пары спросить участников, как складываются их отношения.

settings-name-relationship-low-score = Тревожная оценка отношений
settings-value-relationship-low-score = { $value } и ниже
settings-button-relationship-low-score = Тревожная оценка
settings-about-relationship-low-score = При какой оценке отношений в паре (и ниже) стоит обратить на пару ваше внимание.

settings-name-poll-day = Ежемесячный опрос
settings-value-poll-day = { $value ->
        [31] в последний день месяца
       *[other] { $value }-го числа
    }
settings-button-poll-day = День опроса
settings-about-poll-day = В какой день месяца присылать участникам ежемесячный опрос. Если в месяце меньше дней, опрос придёт в последний день месяца.

settings-name-poll-reminder-days = Напоминание об опросе
settings-value-poll-reminder-days = через { $value } { $value ->
        [one] день
        [few] дня
       *[many] дней
    }
settings-button-poll-reminder-days = Напоминание об опросе
settings-about-poll-reminder-days = Через сколько дней после опроса напомнить о нём тем, кто не ответил.

settings-name-onboarding-reminder-days = Напоминания о регистрации
settings-button-onboarding-reminder-days = Напоминания о регистрации
settings-about-onboarding-reminder-days = Через сколько дней после начала регистрации напомнить тем, кто её не завершил. По самому раннему сроку /stuck показывает, кто застрял.

settings-name-roadmap-nudge-days = Напоминания о дорожной карте
settings-button-roadmap-nudge-days = Дорожная карта
settings-about-roadmap-nudge-days = За сколько дней до срока мероприятия или отчёта по дорожной карте напомнить вам.

settings-name-digest-weekday = Еженедельная сводка
settings-value-digest-weekday = { $value ->
        [0] по понедельникам
        [1] по вторникам
        [2] по средам
        [3] по четвергам
        [4] по пятницам
        [5] по субботам
       *[6] по воскресеньям
    }
settings-button-digest-weekday = День сводки
settings-about-digest-weekday = В какой день недели присылать вам сводку: сроки дорожной карты на две недели вперёд и просроченное.
settings-weekday-0 = Понедельник
settings-weekday-1 = Вторник
settings-weekday-2 = Среда
settings-weekday-3 = Четверг
settings-weekday-4 = Пятница
settings-weekday-5 = Суббота
settings-weekday-6 = Воскресенье
settings-chosen = ✓ { $label }

## /settings: changing one

settings-ask =
    <b>{ $name }</b>
    { $about }

    Сейчас: { $value }.

    { $format }
    Чтобы выйти без изменений, нажмите /cancel.
settings-choose =
    <b>{ $name }</b>
    { $about }

    Сейчас: { $value }. Выберите день:
settings-format-number = Напишите число от { $min } до { $max }, например: { $example }
settings-format-offsets = Напишите от 1 до { $count } чисел от { $min } до { $max } через запятую, например: { $example }
settings-format-quiet = Напишите начало и конец через дефис, например: { $example }. Чтобы писать в любое время, укажите одинаковое время: 00:00-00:00.
settings-error-number = Не получилось: нужно целое число от { $min } до { $max }, например: { $example }. Попробуйте ещё раз или нажмите /cancel.
settings-error-offsets = Не получилось: нужно от 1 до { $count } целых чисел от { $min } до { $max } через запятую, например: { $example }. Попробуйте ещё раз или нажмите /cancel.
settings-error-quiet = Не получилось: нужно время начала и конца через дефис, например: { $example }. Часы — от 00 до 23, минуты — от 00 до 59. Попробуйте ещё раз или нажмите /cancel.
settings-type-value = Пожалуйста, напишите значение текстом или нажмите /cancel.
settings-back = ⬅️ К настройкам
settings-unknown = Такой настройки нет.
settings-stale = Эта настройка уже не ждёт ответа. Откройте /settings ещё раз.

settings-reset-button = ↩️ Вернуть стандартные
settings-reset-question = Вернуть все настройки напоминаний к стандартным? Ваши изменения пропадут.
settings-reset-confirm = ✅ Да, вернуть
settings-reset-done = ✅ Сохранено: все настройки стандартные.

## /stuck

stuck-title = <b>Не завершили регистрацию</b>: { $count }
stuck-scope = Начали регистрацию { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    } назад или раньше.
stuck-item =
    <b>{ $number }.</b> { $name } — { $role }, «{ $form }»
    Не хватает: { $missing }. Начало регистрации: { $since } ({ $days ->
        [0] сегодня
        [one] { $days } день назад
        [few] { $days } дня назад
       *[many] { $days } дней назад
    }).
stuck-missing-invited = согласия на обработку данных
stuck-missing-awaiting-parent = согласия родителя (бумажное можно отметить в /consents)
stuck-missing-questionnaire = анкеты
stuck-unnamed = без имени (участник №{ $id })
stuck-empty = 🎉 Все, кто начал регистрацию { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    } назад или раньше, её завершили.

settings-name-retention-months = Хранение данных после программы
settings-value-retention-months = { $value } { $value ->
        [one] месяц
        [few] месяца
       *[many] месяцев
    }
settings-button-retention-months = Хранение данных
settings-about-retention-months = Сколько месяцев после окончания программы хранить персональные данные участников. Потом бот удалит их сам и оставит только обезличенные цифры для отчётов.

retention-purged = Срок хранения данных программы { $year } истёк: персональные данные { $count } { $count ->
        [one] участника
       *[other] участников
    } удалены. Обезличенные цифры (пары, встречи, дорожная карта) остались для отчётов.
