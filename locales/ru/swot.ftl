# /swot: the curator's SWOT analysis per form of mentorship (handlers/curator/swot.py,
# bot/services/swot.py), and its report in /reports.

cmd-swot = SWOT-анализ по формам

## The list of forms

swot-title = 🧭 <b>SWOT-анализ по формам наставничества</b>
    Программа { $year }
swot-intro = По итогам года оцените каждую форму наставничества, которая работала в программе: сильные и слабые стороны, возможности и угрозы. Выберите форму — рядом с анализом будут её показатели.
swot-no-forms = В программе пока нет форм наставничества.
swot-line-empty = ▫️ <b>{ $form }</b> — не начат
swot-line-partial = ✏️ <b>{ $form }</b> — заполнено { $count } из { $total }, изменён { $date }
swot-line-done = ✅ <b>{ $form }</b> — готов, изменён { $date }
swot-button-form = { $mark } { $form }{ $count ->
        [0] {""}
        [4] {""}
       *[other] { " · " }{ $count }/{ $total }
    }
swot-button-file = 📄 Отчёт «SWOT-анализ» (XLSX)

## A form's review

swot-review-title = 🧭 <b>SWOT-анализ: { $form }</b>
swot-review-empty = Анализ ещё не начат.
swot-review-partial = Заполнено { $count } из { $total }, изменён { $date }.
swot-review-done = ✅ Анализ готов, изменён { $date }.
swot-fig-head = <b>Показатели формы</b>
swot-fig-people = Участники: наставников — { $mentors }, наставляемых — { $mentees }
swot-fig-pairs = Пары: сформировано — { $pairs }, из них завершено — { $completed }
swot-fig-meetings = Встреч состоялось: { $count }
swot-fig-usefulness = Польза встреч (последний ежемесячный опрос, 1–10): наставники — { $mentors }; наставляемые — { $mentees }
swot-fig-goal = Цель достигнута (итоговая анкета): наставники — { $mentors }; наставляемые — { $mentees }
swot-rating-none = нет ответов
swot-rating-hidden = { $count } { $count ->
        [one] ответ
        [few] ответа
       *[many] ответов
    }, показатель появится от { $min }
swot-rating-average = { $value } ({ $count } { $count ->
        [one] ответ
        [few] ответа
       *[many] ответов
    })
swot-rating-share = { $percent } % ({ $count } { $count ->
        [one] ответ
        [few] ответа
       *[many] ответов
    })
swot-head-strengths = 💪 Сильные стороны
swot-head-weaknesses = 🩹 Слабые стороны
swot-head-opportunities = 🌱 Возможности
swot-head-threats = ⛈ Угрозы
swot-not-written = — не заполнено
swot-button-fill = ✍️ Заполнить по порядку
swot-button-parts = ✏️ Изменить одну часть
swot-button-list = ⬅️ К списку форм
swot-parts-ask = Какую часть анализа формы «{ $form }» изменить?

## The question

swot-part-strengths = Сильные стороны
swot-part-weaknesses = Слабые стороны
swot-part-opportunities = Возможности
swot-part-threats = Угрозы
swot-about-strengths = Что в этой форме получилось хорошо: люди, организация работы пар, результаты наставляемых.
swot-about-weaknesses = Что не получилось или мешало внутри программы: нехватка времени, пары, которые редко встречались, пробелы в подготовке наставников.
swot-about-opportunities = Внешние условия и ресурсы, которые можно использовать в следующем году: партнёры, конкурсы, поддержка родителей и коллег.
swot-about-threats = Внешние риски, которые могут помешать: нагрузка, уход наставников, изменения в расписании.
swot-ask =
    🧭 <b>SWOT-анализ: { $form }</b>
    Часть { $number } из { $total }. <b>{ $part }</b>
    { $about }

    Напишите ответ одним сообщением (до { $limit } символов).
swot-current = Сейчас:
    { $text }
swot-current-none = Сейчас: не заполнено.
swot-skip-keeps = «Пропустить» оставит текущий текст.
swot-skip-empty = Часть можно пропустить и заполнить позже.
swot-button-skip = Пропустить ➡️
swot-button-back = ⬅️ К анализу формы
swot-type-text = Ответ нужен текстом — напишите его сообщением.
swot-too-long = Слишком длинный текст: { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }, а можно не больше { $limit }. Сократите его и отправьте ещё раз.
swot-note-saved = ✅ Сохранено: «{ $part }».
swot-note-skipped = Часть «{ $part }» пропущена, текст не изменился.
swot-note-complete = ✅ Все четыре части анализа формы «{ $form }» заполнены.
swot-stale = Эта кнопка больше не работает. Откройте /swot заново.
swot-stale-text = Этот вопрос уже закрыт. Откройте /swot, чтобы продолжить анализ.

## The report (XLSX)

rep-button-swot = 🧭 SWOT-анализ по формам наставничества
swot-file = SWOT-анализ { $year }
swot-caption = SWOT-анализ по формам наставничества на { $date }: готов по { $done } из { $forms } { $forms ->
        [one] формы
       *[other] форм
    }.
swot-report-title = SWOT-анализ по формам наставничества
swot-report-sheet = SWOT-анализ
swot-report-no-forms = В программе пока нет форм наставничества.
swot-report-form = Форма наставничества: { $form }
swot-report-figures = Показатели формы
swot-report-mentors = Наставников (дали согласие)
swot-report-mentees = Наставляемых (дали согласие)
swot-report-pairs = Пар сформировано
swot-report-completed = Из них завершено
swot-report-meetings = Встреч состоялось
swot-report-satisfaction = Удовлетворённость
swot-report-col-mentors = Наставники
swot-report-col-mentees = Наставляемые
swot-report-usefulness-answers = Ответов в ежемесячном опросе (последний ответ каждого)
swot-report-usefulness = Средняя польза встреч (1–10)
swot-report-exit-answers = Ответов в итоговой анкете
swot-report-goal = Цель достигнута (доля ответивших «да»)
swot-report-analysis = SWOT-анализ
swot-report-empty-part = не заполнено
swot-report-not-done = SWOT-анализ по этой форме ещё не проведён.
swot-report-updated = Последнее изменение
