## Общие тексты

role-mentor = наставник
role-mentee = наставляемый

form-teacher-teacher = учитель — учитель
form-teacher-student = учитель — ученик
form-student-student = ученик — ученик
form-university-student = студент — ученик
form-employer-student = работодатель — ученик
form-employer-university = работодатель — студент

cmd-start = Начать или продолжить
cmd-help = Что умеет бот
cmd-language = Язык / Language
cmd-profile = Мои ответы
cmd-cancel = Выйти из текущего диалога
cmd-invite = Создать ссылку-приглашение
cmd-links = Ссылки-приглашения
cmd-import = Импорт списка участников
cmd-consents = Согласия родителей
cmd-pair = Моя пара
cmd-meetings = Встречи
cmd-plan = План развития
cmd-preferences = Анкета предпочтений
cmd-match = Подбор пар
cmd-pairs = Пары
cmd-concerns = Обращения участников

help-guest =
    Это бот программы наставничества школы.
    Чтобы присоединиться, откройте ссылку-приглашение, которую прислал куратор программы.

    /language — сменить язык
help-participant =
    <b>Что можно сделать</b>
    /start — продолжить с того места, где вы остановились
    /profile — посмотреть и изменить свои ответы
    /cancel — выйти из текущего диалога (ответы сохранятся)
    /language — сменить язык
help-curator =
    <b>Команды куратора</b>
    /invite — создать ссылку-приглашение
    /links — ссылки-приглашения: список и отзыв
    /import — получить личные ссылки по списку участников (CSV или XLSX)
    /consents — кто ждёт согласия родителей; отметить бумажное согласие
    /start — меню куратора
    /cancel — выйти из текущего диалога

cancel-questionnaire = Хорошо, остановимся. Ваши ответы сохранены — продолжить можно в любой момент командой /start.
cancel-done = Хорошо, отменено.
cancel-nothing = Сейчас нечего отменять. Список команд — /help.

language-choose = Выберите язык:
language-ru = Русский
language-en = English
language-set = Готово: теперь я говорю по-русски.

unknown-command = Я не знаю такой команды. Список команд — /help.
unknown-text = Я понимаю только команды и кнопки. Список команд — /help.
button-stale = Эта кнопка больше не работает.
button-not-yours = Эта кнопка не для вас.
error-generic = Что-то пошло не так. Попробуйте ещё раз чуть позже — ваши ответы сохранены.

group-refusal = Я работаю только в личных сообщениях. Напишите мне в личный чат.
