# /status: the programme at a glance for the curator (handlers/curator/status.py, bot/services/charts.py)

cmd-status = Сводка по программе

status-title = 📊 <b>Программа на { $date }</b>
status-stage = Этап { $number } из 7: { $name }
status-stage-by-dates = Этап { $number } из 7 (по календарю): { $name }

status-people-head = <b>Участники</b> (наставники + наставляемые)
status-invited = { $total } — приглашены ({ $mentors } + { $mentees })
status-consented = { $total } — дали согласие ({ $mentors } + { $mentees })
status-questionnaire = { $total } — заполнили анкеты ({ $mentors } + { $mentees })
status-paired = { $total } — в парах ({ $mentors } + { $mentees })

status-pairs = 🤝 { $count } { $count ->
        [one] активная пара
        [few] активные пары
       *[many] активных пар
    }
status-unpaired = { $count ->
        [0] Все наставляемые в парах
        [one] { $count } наставляемый без наставника
       *[other] { $count } наставляемых без наставника
    }
status-free = { $count ->
        [0] Свободных мест у наставников нет
        [one] { $count } наставник со свободными местами: { $places } { $places ->
            [one] место
            [few] места
           *[many] мест
        }
        [few] { $count } наставника со свободными местами: { $places } { $places ->
            [one] место
            [few] места
           *[many] мест
        }
       *[many] { $count } наставников со свободными местами: { $places } { $places ->
            [one] место
            [few] места
           *[many] мест
        }
    }

status-meetings = 📅 { $this } { $this ->
        [one] встреча
        [few] встречи
       *[many] встреч
    } { $this_month } · { $last } — { $last_month }
status-in-month = { $month ->
        [1] в январе
        [2] в феврале
        [3] в марте
        [4] в апреле
        [5] в мае
        [6] в июне
        [7] в июле
        [8] в августе
        [9] в сентябре
        [10] в октябре
        [11] в ноябре
       *[12] в декабре
    }
status-checkins = { $count ->
        [0] Неподтверждённых встреч нет
        [one] { $count } встреча ждёт подтверждения
        [few] { $count } встречи ждут подтверждения
       *[many] { $count } встреч ждут подтверждения
    }
status-idle = { $count ->
        [0] Все пары встречаются в своём ритме
        [one] { $count } пара давно не встречалась
        [few] { $count } пары давно не встречались
       *[many] { $count } пар давно не встречались
    }

status-feedback-head = 📝 <b>Опрос за { $month }</b>
status-feedback-none = пока некого опрашивать: нет активных пар
status-feedback-answered = { $answered } из { $expected } { $answered ->
        [one] ответил
       *[other] ответили
    } ({ $percent } %)
status-usefulness = { $average } из 10 — средняя польза встреч ({ $count } { $count ->
        [one] оценка
        [few] оценки
       *[many] оценок
    })
status-usefulness-hidden = Средняя оценка появится, когда ответят хотя бы { $min } { $min ->
        [one] человек
        [few] человека
       *[many] человек
    }

status-overdue = { $count ->
        [0] ✅ Просроченных мероприятий нет
        [one] ⚠️ { $count } мероприятие дорожной карты просрочено
        [few] ⚠️ { $count } мероприятия дорожной карты просрочены
       *[many] ⚠️ { $count } мероприятий дорожной карты просрочены
    }
status-stuck = { $count ->
        [0] Регистрацию завершили все
        [one] ⏳ { $count } человек не завершил регистрацию
        [few] ⏳ { $count } человека не завершили регистрацию
       *[many] ⏳ { $count } человек не завершили регистрацию
    }

# Drill-down buttons under the summary
status-btn-unpaired = Без наставника · { $count }
status-btn-free = Свободные места · { $count }
status-btn-checkins = Не подтверждены · { $count }
status-btn-idle = Давно не встречались · { $count }
status-btn-feedback = Нет ответа на опрос · { $count }
status-btn-overdue = Просрочено · { $count }
status-btn-stuck = Регистрация · { $count }
status-btn-remind = 🔔 Напомнить им
status-btn-back = ⬅️ К сводке

# Drill-down lists
status-list-unpaired = <b>Наставляемые без наставника: { $count }</b>
status-list-free = <b>Наставники со свободными местами: { $count }</b>
status-list-checkins = <b>Встречи ждут подтверждения: { $count }</b>
status-list-idle = <b>Пары давно не встречались: { $count }</b>
status-list-feedback = <b>Не ответили на опрос за { $month }: { $count }</b>
status-list-overdue = <b>Просроченные мероприятия: { $count }</b>
status-list-empty = Сейчас здесь никого нет.
status-list-overdue-hint = Отметить выполнение или перенести срок — в /roadmap.
status-list-remind-hint = Кнопка «Напомнить им» отправит каждому напоминание (не чаще раза в день).

status-item-person = { $number }. { $name } — { $form }{ $mark }
status-item-mentor = { $number }. { $name } — { $form }: { $free } { $free ->
        [one] свободное место
       *[other] свободных места
    }
status-item-feedback = { $number }. { $name } ({ $role }){ $mark }
status-item-checkin = { $number }. { $date } · { $mentor } — { $mentee }
    не ответили: { $names }
status-item-idle = { $number }. { $mentor } — { $mentee }: { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    } без встреч (ритм — { $rhythm } { $rhythm ->
        [one] день
        [few] дня
       *[many] дней
    })
status-item-overdue = { $number }. { $date } — { $title } (этап { $stage })
status-mark-unreachable = {" "}🚫 заблокировал(а) бота

status-remind-queued = { $count ->
        [0] Сегодня напоминание уже отправлено — повторно не отправляем.
        [one] 🔔 Напоминание получит { $count } человек.
        [few] 🔔 Напоминание получат { $count } человека.
       *[many] 🔔 Напоминание получат { $count } человек.
    }
status-remind-nobody = Никому из этого списка нельзя написать: они заблокировали бота.
status-not-found = Этого списка больше нет. Откройте /status заново.

# Reminders the curator sends from a drill-down (through the outbox)
status-nudge-feedback = 🔔 Куратор программы напоминает об опросе за { $month }: пять коротких вопросов, около минуты. Ваш ответ помогает поддерживать пары.
status-nudge-checkin = 🔔 Куратор программы просит отметить, состоялась ли встреча.
    { $meeting }
status-nudge-idle = 🔔 Куратор программы напоминает: ваша пара ({ $other }) не встречалась уже { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }. Договоритесь о следующей встрече: /meetings

# The chart
status-chart-title = Программа наставничества на { $date }
status-chart-funnel = Этапы участия
status-chart-invited = Приглашены
status-chart-consented = Дали согласие
status-chart-questionnaire = Заполнили анкеты
status-chart-paired = В парах
status-chart-mentors = Наставники
status-chart-mentees = Наставляемые
status-chart-meetings = Проведённые встречи
status-chart-no-months = Учебный год программы ещё не начался
status-month-short = { $month ->
        [1] янв
        [2] фев
        [3] мар
        [4] апр
        [5] май
        [6] июн
        [7] июл
        [8] авг
        [9] сен
        [10] окт
        [11] ноя
       *[12] дек
    }
