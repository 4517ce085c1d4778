# Several schools: the municipal coordinator (handlers/coordinator.py), the school's curators
# (handlers/curator/team.py) and curator links (/start s_…, handlers/start.py).

cmd-schools = Школы: сводка по всем
cmd-school_add = Добавить школу
cmd-curators = Кураторы школы

help-coordinator =
    <b>Команды координатора</b>
    /schools — сводка по всем школам рядом: этапы, участники, пары, встречи, отзывы (без персональных данных)
    /school_add — добавить школу и получить ссылку для её куратора
    /start — меню координатора
    /cancel — выйти из текущего диалога

coordinator-menu =
    <b>Меню координатора</b>
    Здесь видны цифры всех школ — без данных об отдельных людях.

schools-unnamed = Школа без названия
schools-btn-overview = 🏫 Сводка по школам
schools-btn-add = ➕ Добавить школу
schools-btn-xlsx = 📄 Таблица XLSX
schools-btn-link = 🔗 Ссылка для куратора

schools-title = 🏫 <b>Школы на { $date }</b>
schools-total = Всего { $schools } { $schools ->
        [one] школа
        [few] школы
       *[many] школ
    }: { $consented } дали согласие, { $pairs } { $pairs ->
        [one] пара
        [few] пары
       *[many] пар
    }, { $held } { $held ->
        [one] встреча
        [few] встречи
       *[many] встреч
    } в этом месяце, отзывы { $feedback }, оценка { $average }
schools-row = { $n }. <b>{ $name }</b> — этап { $stage } · согласия { $consented }/{ $invited } · пары { $pairs } · встречи { $held } · отзывы { $feedback } · оценка { $average } · просрочено { $overdue }
schools-none = Школ пока нет. Добавьте первую: /school_add
schools-legend = <i>Согласия — из приглашённых; встречи — проведённые в этом месяце; отзывы — доля ответивших на опрос месяца; оценка — средняя польза встреч (видна от 3 ответов); просрочено — события дорожной карты.</i>
schools-not-found = Такой школы нет.

schools-card-title = 🏫 <b>{ $name }</b>
schools-curators = { $count ->
        [0] Куратора пока нет — отправьте ссылку для куратора.
        [one] { $count } куратор
        [few] { $count } куратора
       *[many] { $count } кураторов
    }
schools-no-programme = Программа ещё не начата.

schools-ask-name = Как называется школа? Напишите полное название, например: МБОУ «СОШ № 5» (до { $max } символов). Отменить — /cancel.
schools-name-text = Пожалуйста, напишите название школы текстом. Отменить — /cancel.
schools-name-length = Название должно быть от { $min } до { $max } символов, а в вашем { $length }. Попробуйте ещё раз.
schools-name-taken = Школа «{ $name }» уже есть. Напишите другое название или откройте её в /schools.
schools-added = ✅ Школа «{ $name }» добавлена: для неё создана программа этого учебного года и дорожная карта.
schools-link =
    Ссылка для куратора школы «{ $school }»:
    { $link }

    Перешлите её куратору. Ссылка одноразовая и действует до { $date }. Открыв её, куратор увидит только свою школу.

schools-xlsx-wait = Готовлю таблицу…
schools-xlsx-file = Сводка по школам { $date }
schools-xlsx-caption = Сводка по { $count } { $count ->
        [one] школе
       *[other] школам
    }: цифры без персональных данных.
schools-xlsx-sheet = Школы
schools-xlsx-school = Школа
schools-xlsx-stage = Этап
schools-xlsx-invited = Приглашены
schools-xlsx-consented = Дали согласие
schools-xlsx-questionnaire = Заполнили анкеты
schools-xlsx-mentors = Наставники (согласие)
schools-xlsx-mentees = Наставляемые (согласие)
schools-xlsx-pairs = Активные пары
schools-xlsx-unpaired = Наставляемые без наставника
schools-xlsx-held-this = Встречи в этом месяце
schools-xlsx-held-last = Встречи в прошлом месяце
schools-xlsx-feedback = Ответили на опрос месяца
schools-xlsx-average = Средняя польза встреч (1–10)
schools-xlsx-overdue = Просроченные события
schools-xlsx-total = Итого
schools-xlsx-note = Средняя оценка показана, только если ответов не меньше { $min }: так нельзя узнать оценку отдельного ученика.

team-title = 👥 <b>Кураторы: { $school }</b>
team-item = { $n }. { $name }
team-me = { $name } (вы)
team-no-name = пользователь { $id }
team-hint = Пригласите коллегу одноразовой ссылкой: он увидит только вашу школу.
team-invite = ➕ Пригласить куратора
team-remove = ✖️ Убрать: { $name }
team-remove-question = Убрать { $name } из кураторов школы? Доступ к данным программы закроется сразу.
team-remove-yes = Да, убрать
team-removed = { $name } больше не куратор.
team-not-found = Этого куратора нельзя убрать здесь.
team-you-removed = Вы больше не куратор школы «{ $school }». Если это ошибка, напишите координатору программы.
team-link =
    Ссылка для нового куратора школы «{ $school }»:
    { $link }

    Перешлите её коллеге. Ссылка одноразовая и действует до { $date }.

staff-link-welcome = ✅ Вы куратор школы «{ $school }». Вам доступны команды куратора — список в /help.
staff-link-already = Вы уже куратор школы «{ $school }».
staff-link-unknown = Ссылка не найдена. Попросите новую у того, кто её прислал.
staff-link-used = Эта ссылка уже использована. Попросите новую у того, кто её прислал.
staff-link-expired = Срок действия ссылки истёк. Попросите новую у того, кто её прислал.
staff-link-revoked = Эта ссылка отозвана. Попросите новую у того, кто её прислал.
staff-link-other-school = Вы уже куратор другой школы. Куратор ведёт одну школу; чтобы перейти в «{ $school }», попросите убрать вас из кураторов прежней школы.
