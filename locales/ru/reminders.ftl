## Messages the scheduler sends on its own (scheduler/rules.py, scheduler/notices.py)

remind-meeting = ⏰ Напоминание: через { $hours } { $hours ->
        [one] час
        [few] часа
       *[many] часов
    } встреча ({ $other }).
    { $meeting }
remind-checkin-repeat = Напоминаем: ответьте, пожалуйста, состоялась ли встреча. Это поможет куратору.
    { $meeting }
remind-idle = Вы и { $other } не встречались уже { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }. Договоритесь о следующей встрече: /meetings
remind-task-due = 📌 Завтра, { $date }, срок задачи из плана развития: «{ $task }». Отметить выполненной: /plan
remind-pair-ending = Работа вашей пары ({ $other }) заканчивается { $date } — через { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }. Самое время запланировать итоговую встречу: /meetings

remind-curator-checkin = Встреча пары { $mentor } — { $mentee } ({ $when }) не подтверждена за { $hours } { $hours ->
        [one] час
        [few] часа
       *[many] часов
    }. Не ответили: { $names }.
remind-curator-idle = Пара { $mentor } — { $mentee } не встречалась { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }. Карточка пары: /pairs
remind-curator-pair-ending = Пара { $mentor } — { $mentee } завершает работу { $date } (через { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }). Продлить или завершить: /pairs

remind-onboarding-again = Напоминаем ещё раз.
remind-onboarding-invited = Вы начали регистрацию в программе наставничества, но ещё не дали согласие на обработку данных. Продолжим?
remind-onboarding-awaiting-parent = Мы всё ещё ждём согласия ваших родителей. Перешлите им, пожалуйста, ссылку — её можно получить, нажав «Продолжить».
remind-onboarding-questionnaire = Анкета участника заполнена не до конца. Продолжите с того места, где остановились, — это займёт пару минут.

remind-roadmap-soon = { $category ->
        [report] 🗂 Через { $days } { $days ->
            [one] день
            [few] дня
           *[many] дней
        } срок отчёта: <b>{ $event }</b> ({ $date }).
       *[event] 🗓 Через { $days } { $days ->
            [one] день
            [few] дня
           *[many] дней
        } срок по дорожной карте: <b>{ $event }</b> ({ $date }).
    }
    Этап: { $stage }. Ответственный: { $responsible }.
remind-roadmap-overdue = { $category ->
        [report] ⚠️ Просрочен отчёт: <b>{ $event }</b> (срок — { $date }).
       *[event] ⚠️ Просрочено мероприятие дорожной карты: <b>{ $event }</b> (срок — { $date }).
    }
    Этап: { $stage }. Ответственный: { $responsible }.

digest-title = <b>Дорожная карта: { $start } — { $end }</b>
digest-due = { $count ->
        [0] В ближайшие две недели сроков нет.
       *[other] Сроки в ближайшие две недели ({ $count }):
    }
digest-overdue = { $count ->
        [0] Просроченных мероприятий нет.
       *[other] Просрочено ({ $count }):
    }
digest-line = • { $date } — { $event }
digest-stuck = Не завершили регистрацию: { $count } { $count ->
        [one] человек
        [few] человека
       *[many] человек
    }. Список: /stuck

notice-blocked = { $name } заблокировал(а) бота: сообщения этому участнику больше не доставляются. Свяжитесь с ним(ней) лично.

poll-btn-answer = Ответить
poll-invite = 📝 Ежемесячный опрос: как прошёл { $month }? Пять коротких вопросов, около минуты.
poll-reminder = Напоминаем об опросе за { $month }: ваш ответ помогает куратору поддерживать пары.
relcheck-invite = Ваша пара ({ $other }) работает уже { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }. Как у вас идут дела? Один вопрос и, если хотите, комментарий.

month-1 = январь
month-2 = февраль
month-3 = март
month-4 = апрель
month-5 = май
month-6 = июнь
month-7 = июль
month-8 = август
month-9 = сентябрь
month-10 = октябрь
month-11 = ноябрь
month-12 = декабрь
