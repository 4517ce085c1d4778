## Monthly feedback poll and the relationship check (handlers/polls.py, bot/services/polls.py,
## questionnaires/definitions/feedback.toml and relationship.toml)

qn-feedback-title = Ежемесячный опрос
qn-feedback-intro = Ежемесячный опрос: { $count } { $count ->
        [one] вопрос
        [few] вопроса
       *[many] вопросов
    }, около минуты. Ответы видит только куратор.
q-feedback-usefulness = Насколько полезным для вас был этот месяц в программе наставничества?
q-feedback-meetings = Сколько встреч было у вашей пары в этом месяце?
q-feedback-helped = Что помогло в этом месяце?
q-feedback-hard = Что было трудно?
q-feedback-named = Можно ли показывать куратору ваше имя рядом с вашими комментариями? Если нет, куратор увидит их без имени.
opt-feedback-named-yes = Да, можно с именем
opt-feedback-named-no = Нет, без имени

qn-relationship-title = Как дела в паре
qn-relationship-intro = { $count } { $count ->
        [one] вопрос
        [few] вопроса
       *[many] вопросов
    } о том, как идёт работа в паре. Если что-то не так, куратор узнает об этом и поможет.
q-relationship-score = Насколько вы довольны тем, как складывается работа в паре?
q-relationship-comment = Хотите что-нибудь добавить? Напишите комментарий для куратора.

poll-closed = Этот опрос уже закрыт.
poll-already-answered = Вы уже ответили на этот опрос. Спасибо!

relcheck-low-curator = ⚠️ Низкая оценка работы в паре { $mentor } — { $mentee }: <b>{ $score } из { $max }</b>.
    Оценку поставил(а) { $name } ({ $side ->
        [mentor] наставник
       *[mentee] наставляемый
    }). Карточка пары: /pairs
relcheck-low-comment = Комментарий: «{ $comment }»
