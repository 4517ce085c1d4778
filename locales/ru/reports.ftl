# /reports: the curator's reports (handlers/curator/reports.py, bot/services/reports.py).

cmd-reports = Отчёты и выгрузки

## The screen

rep-menu =
    📑 <b>Отчёты</b>
    Программа { $year }. Выберите отчёт — бот пришлёт файл.
rep-button-full = 📦 Полная выгрузка (XLSX)
rep-button-people-csv = 👥 Участники (CSV)
rep-button-quarters = 🗓 Квартальный отчёт по дорожной карте
rep-button-annual = 📊 Годовые показатели (до 20 января)
rep-button-impact = 📈 Мониторинг влияния
rep-button-satisfaction = 😊 Удовлетворённость участников
rep-button-registry-xlsx = 🏅 Реестр наставников (XLSX)
rep-button-registry-csv = 🏅 Реестр наставников (CSV)
rep-button-back = ⬅️ К списку отчётов
rep-button-skip = Пропустить ➡️
rep-quarters-ask =
    🗓 <b>Квартальный отчёт по дорожной карте</b>
    Выберите квартал. Отчёт сдаётся до 10-го числа месяца, следующего за кварталом.
rep-button-quarter = { $quarter } { $year } — сдать до { $deadline }
rep-annual-ask =
    📊 <b>Годовые показатели</b> (срок сдачи — до { $deadline })
    Сколько в школе обучающихся 5–11 классов (10–19 лет)? Напишите число — бот посчитает долю вовлечённых в наставничество и сравнит её с целевым показателем 70 %.
    Если числа нет под рукой, нажмите «Пропустить»: в отчёте будет число вовлечённых, а долю вы посчитаете сами.
rep-students-invalid = Напишите число цифрами, от 1 до { $max }, или нажмите «Пропустить».
rep-students-too-few = В парах уже { $involved ->
        [one] { $involved } обучающийся
        [few] { $involved } обучающихся
       *[many] { $involved } обучающихся
    } 10–19 лет — всего в школе не может быть меньше. Проверьте число.
rep-stale = Эта кнопка больше не работает. Откройте /reports заново.

## Files and captions

rep-file-full = Выгрузка { $year }
rep-file-people = Участники { $year }
rep-file-quarter = Дорожная карта — { $quarter } { $year }
rep-file-annual = Годовые показатели { $year }
rep-file-impact = Мониторинг влияния { $year }
rep-file-satisfaction = Удовлетворённость { $year }
rep-file-registry = Реестр наставников
rep-caption-full = Полная выгрузка на { $date }: { $people ->
        [one] { $people } участник
        [few] { $people } участника
       *[many] { $people } участников
    }, { $pairs ->
        [one] { $pairs } пара
        [few] { $pairs } пары
       *[many] { $pairs } пар
    }, { $meetings ->
        [one] { $meetings } встреча
        [few] { $meetings } встречи
       *[many] { $meetings } встреч
    }.
rep-caption-people = Участники программы на { $date }: { $count ->
        [one] { $count } запись
        [few] { $count } записи
       *[many] { $count } записей
    }.
rep-caption-quarter = Отчёт об исполнении дорожной карты за { $quarter } { $year }. Сдать до { $deadline }.
rep-caption-annual = Годовые показатели на { $date }. Сдать до { $deadline }.
rep-caption-impact = Мониторинг влияния: начальная и итоговая самооценка наставляемых на { $date }.
rep-caption-satisfaction = Удовлетворённость участников на { $date }: итоговые анкеты и последняя обратная связь.
rep-caption-registry = Реестр наставников для сайта школы: { $count ->
        [one] { $count } наставник
        [few] { $count } наставника
       *[many] { $count } наставников
    }.

## Cells shared by the reports

rep-hidden = —
rep-footnote-few = — менее { $min } ответов: показатель не приводится, чтобы нельзя было узнать ответ конкретного человека.
rep-footnote-feedback = — менее { $min } анонимных ответов за месяц в этой роли и форме: оценки скрыты, чтобы нельзя было узнать, кто их поставил.
rep-no-name = Участник без имени (№ { $id })
rep-withdrawn = Выбывший участник (данные удалены)
rep-name-hidden = [имя скрыто]
rep-anonymous = анонимно
rep-not-done = нет
rep-yes = да
rep-no = нет
rep-no-data = нет данных
rep-not-given = не указано
rep-share-unknown = не рассчитана
rep-total = Всего
rep-school-default = Образовательная организация
rep-as-of = Программа { $year }. Состояние на { $date }.
rep-stage = { $number }. { $name }
rep-all-forms = все формы
rep-everyone = Все участники
rep-role-plural-mentor = Наставники
rep-role-plural-mentee = Наставляемые

rep-consent-self = сам участник
rep-consent-parent = родитель (в боте)
rep-consent-paper = родитель (на бумаге)
rep-status-invited = приглашён, нет согласия
rep-status-declined = отказался от согласия
rep-status-awaiting-parent = ждёт согласия родителя
rep-status-questionnaire = заполняет анкеты
rep-status-active = участвует
rep-status-inactive = выбыл
rep-pair-status-active = действует
rep-pair-status-completed = завершена
rep-rm-done = выполнено
rep-rm-planned = запланировано
rep-rm-overdue = просрочено
rep-rm-cancelled = отменено

rep-sheet-participants = Участники
rep-sheet-pairs = Пары
rep-sheet-meetings = Встречи
rep-sheet-plans = Планы развития
rep-sheet-feedback = Обратная связь
rep-sheet-roadmap = Дорожная карта
rep-sheet-quarter = { $quarter } { $year }
rep-sheet-annual = Показатели
rep-sheet-impact-forms = По формам
rep-sheet-impact-people = По наставляемым
rep-sheet-satisfaction = Удовлетворённость
rep-sheet-registry = Реестр наставников

rep-col-name = ФИО
rep-col-role = Роль
rep-col-form = Форма наставничества
rep-col-class = Класс / предмет
rep-col-status = Статус
rep-col-consent = Согласие на обработку данных
rep-col-consent-date = Дата согласия
rep-col-mentor = Наставник
rep-col-mentee = Наставляемый
rep-col-starts = Начало
rep-col-ends = Окончание
rep-col-pair-status = Статус пары
rep-col-completed = Завершена
rep-col-history = Записей в истории
rep-col-when = Дата и время
rep-col-kind = Вид встречи
rep-col-format = Формат
rep-col-meeting-status = Статус встречи
rep-col-goal = Цель
rep-col-task = Задача
rep-col-due = Срок
rep-col-done = Выполнена
rep-col-month = Месяц
rep-col-usefulness = Полезность (1–10)
rep-col-meetings = Встреч за месяц
rep-col-helped = Что помогло
rep-col-hard = Что было трудно
rep-col-author = Автор
rep-col-stage = Этап
rep-col-event = Мероприятие
rep-col-responsible = Ответственный
rep-col-rm-status = Статус
rep-col-done-on = Дата выполнения
rep-col-number = №
rep-col-days-overdue = Дней просрочки
rep-col-mentors = Наставники
rep-col-mentees = Наставляемые
rep-col-total = Всего
rep-col-avg-usefulness = Средняя полезность (1–10)
rep-col-answers = Ответов
rep-col-goal-yes = Цель достигнута («да»)
rep-col-exit-answers = Итоговых анкет
rep-col-scale = Показатель
rep-col-baseline = Начальная оценка
rep-col-final = Итоговая оценка
rep-col-change = Изменение
rep-col-with-baseline = С начальной оценкой
rep-col-with-final = С итоговой оценкой
rep-col-both = С обеими оценками
rep-col-avg-baseline = Средняя начальная
rep-col-avg-final = Средняя итоговая
rep-col-avg-change = Среднее изменение
rep-col-goal-partly = Цель достигнута частично
rep-col-goal-no = Цель не достигнута
rep-col-again-yes = Участвовали бы снова
rep-col-last-answers = Ответов в последней обратной связи
rep-col-subject = Предмет / класс
rep-col-forms = Формы наставничества
rep-col-mentees-helped = Наставляемых (всего)

## Quarterly roadmap report

rep-quarter-name-1 = I квартал
rep-quarter-name-2 = II квартал
rep-quarter-name-3 = III квартал
rep-quarter-name-4 = IV квартал
rep-quarter-title = Отчёт об исполнении дорожной карты за { $quarter } { $year } г.
rep-quarter-period = Период: { $first }–{ $last }. Срок сдачи — до { $deadline }.
rep-quarter-summary = Запланировано на квартал: { $planned }; из них выполнено: { $done }, просрочено: { $overdue }, отменено: { $cancelled }. Выполнено в квартале сверх плана квартала: { $extra }.
rep-quarter-planned = 1. Запланировано на квартал
rep-quarter-done = 2. Выполнено в квартале
rep-quarter-overdue = 3. Просрочено на { $date }
rep-quarter-none = нет мероприятий

## Annual figures

rep-annual-title = Сведения об участниках и показатели эффективности программы наставничества
rep-annual-deadline = Срок сдачи — до { $date }.
rep-annual-people = 1. Участники по ролям и формам
rep-annual-people-unique = Всего человек (без повторов)
rep-annual-people-note = Учтены участники, давшие согласие на обработку данных (несовершеннолетние — вместе с родителем).
rep-annual-pairs = 2. Наставнические пары
rep-annual-pairs-total = Сформировано пар
rep-annual-pairs-active = из них действуют
rep-annual-pairs-completed = из них завершены
rep-annual-young = 3. Молодые педагоги (стаж 0–{ $years } года)
rep-annual-young-total = Молодых педагогов среди наставляемых (по анкете)
rep-annual-young-paired = из них с наставником
rep-annual-young-share = Доля молодых педагогов с наставником
rep-annual-students = 4. Обучающиеся 10–19 лет (5–11 классы)
rep-annual-students-involved = Вовлечено в наставничество (в парах — наставляемые и наставники)
rep-annual-students-total = Всего обучающихся 10–19 лет в школе
rep-annual-students-share = Доля вовлечённых
rep-annual-students-target = Целевой показатель
rep-annual-students-reached = Целевой показатель достигнут
rep-annual-students-note = Доля посчитана по численности обучающихся, которую указал куратор.
rep-annual-students-unknown = Численность обучающихся не указана: разделите { $involved } на число обучающихся 5–11 классов школы.
rep-annual-satisfaction = 5. Удовлетворённость участников

## Monitoring of impact

rep-impact-title = Мониторинг влияния программы: самооценка наставляемых в начале и в конце
rep-impact-coverage = Охват
rep-impact-averages = Средние значения (по наставляемым с обеими оценками)
rep-no-baseline = нет начальной оценки
rep-no-final = нет итоговой оценки
rep-scale-total = Сумма баллов
rep-scale-confidence = Уверенность в себе
rep-scale-methods = Владение методиками
rep-scale-classroom = Дисциплина и интерес класса
rep-scale-parents = Общение с родителями
rep-scale-motivation = Интерес к учёбе
rep-scale-goals = Постановка целей
rep-scale-career = Представление о профессии
rep-scale-communication = Общение и работа в команде

## Satisfaction survey

rep-satisfaction-title = Результаты анкетирования удовлетворённости участников (этап 7)
rep-satisfaction-note = Итоговые анкеты — при завершении пары; полезность — по последней ежемесячной обратной связи каждого участника.
