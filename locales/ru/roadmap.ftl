# The roadmap: stage names, the default events (bot/services/roadmap.toml) and who is responsible.

roadmap-stage-1 = Подготовка
roadmap-stage-2 = Формирование базы наставляемых
roadmap-stage-3 = Формирование базы наставников
roadmap-stage-4 = Отбор и обучение наставников
roadmap-stage-5 = Формирование пар и групп
roadmap-stage-6 = Работа наставнических пар
roadmap-stage-7 = Завершение наставничества

roadmap-resp-director = директор
roadmap-resp-director-and-curator = директор, куратор
roadmap-resp-curator = куратор (заместитель директора)
roadmap-resp-mentors = наставники
roadmap-resp-class-teachers = классные руководители
roadmap-resp-psychologist = педагог-психолог

# 1. Preparation
roadmap-event-normative-base = Приказ о внедрении целевой модели, положение о наставничестве, дорожная карта, назначение куратора
roadmap-event-inform-teachers = Педагогический совет: информирование о программе наставничества
roadmap-event-website-section = Раздел о наставничестве на сайте школы
roadmap-event-inform-students-parents = Информирование обучающихся и родителей: родительские собрания, классные часы, ученическая конференция
roadmap-event-meet-external-partners = Встреча с выпускниками, работодателями и организациями-партнёрами
roadmap-event-preliminary-requests = Сбор предварительных запросов потенциальных наставляемых
roadmap-event-admin-meeting = Административное совещание: формы и программы наставничества
roadmap-event-report-roadmap-q3 = Отчёт об исполнении дорожной карты за III квартал

# 2. Mentee base
roadmap-event-mentee-questionnaires = Анкетирование наставляемых
roadmap-event-consents = Согласия на обработку персональных данных (за несовершеннолетних — от родителей)
roadmap-event-mentee-extra-info = Сведения о запросах наставляемых от классных руководителей, психолога, родителей
roadmap-event-mentee-base = Анализ данных и формирование базы наставляемых
roadmap-event-effectiveness-review-h1 = Оценка эффективности внедрения модели за I полугодие

# 3. Mentor base
roadmap-event-choose-forms = Выбор форм наставничества по запросам наставляемых
roadmap-event-engage-mentors = Мероприятие для информирования и вовлечения потенциальных наставников
roadmap-event-mentee-baseline = Входная оценка наставляемых по заданным параметрам
roadmap-event-mentor-questionnaires = Анкетирование потенциальных наставников, согласия на обработку данных
roadmap-event-mentor-base = Сопоставление анкет наставников с запросами наставляемых, база наставников
roadmap-event-report-roadmap-q4 = Отчёт об исполнении дорожной карты за IV квартал
roadmap-event-report-participants = Сведения о количестве участников по формам федерального статистического наблюдения
roadmap-event-report-effectiveness = Показатели эффективности внедрения целевой модели за год

# 4. Selection and training of mentors
roadmap-event-mentor-selection = Оценка наставников и собеседование с ними
roadmap-event-training-preparation = Подготовка обучения наставников: эксперты, материалы, график
roadmap-event-mentor-training = Обучение наставников
roadmap-event-report-roadmap-q1 = Отчёт об исполнении дорожной карты за I квартал

# 5. Pairs and groups
roadmap-event-group-meeting = Групповая встреча наставников и наставляемых
roadmap-event-preference-survey = Анкетирование о предпочитаемом наставнике или наставляемом
roadmap-event-form-pairs = Анализ анкет и формирование пар и групп
roadmap-event-pairs-order = Приказ о закреплении пар и групп, информирование участников
roadmap-event-unpaired-support = Психологическое сопровождение наставляемых без пары, поиск наставника

# 6. Pair work
roadmap-event-first-meeting = Первая (организационная) встреча наставника и наставляемого
roadmap-event-trial-meeting = Вторая (пробная рабочая) встреча наставника и наставляемого
roadmap-event-planning-meeting = Встреча-планирование рабочего процесса
roadmap-event-development-plans = Индивидуальные планы развития наставляемых
roadmap-event-feedback = Обратная связь от участников (не реже раза в месяц)
roadmap-event-pair-final-meeting = Заключительная встреча наставника и наставляемого

# 7. Completion
roadmap-event-group-final-meeting = Групповая заключительная встреча всех пар и групп
roadmap-event-satisfaction-survey = Анкетирование удовлетворённости участников
roadmap-event-reward-orders = Приказы о поощрении участников и об итоговом мероприятии, благодарственные письма партнёрам
roadmap-event-final-ceremony = Торжественное мероприятие: итоги программы, награждение лучших наставников
roadmap-event-quality-monitoring = Мониторинг качества реализации программы (SWOT-анализ по формам)
roadmap-event-impact-monitoring = Итоговая оценка участников: сравнение со входной оценкой
roadmap-event-cases = Оформление итогов работы пар в кейсы
roadmap-event-publish-results = Публикация результатов, лучших наставников и кейсов на сайте
roadmap-event-update-bases = Итоги в базы наставников и наставляемых, долгосрочная база наставников
roadmap-event-effectiveness-review-h2 = Оценка эффективности внедрения модели за II полугодие
roadmap-event-report-roadmap-q2 = Отчёт об исполнении дорожной карты за II квартал
