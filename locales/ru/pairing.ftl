# /match and /pairup: suggested pairs, confirmation, notifications, the draft order.

match-title = <b>Предложения пар</b> (режим: { $mode })
match-mode-best_fit = лучшее совпадение
match-mode-max_matched = больше пар
match-none = Сейчас предложить некого: нет свободных наставляемых или подходящих наставников.
match-count = { $count ->
    [one] { $count } пара
    [few] { $count } пары
   *[many] { $count } пар
}, из них принято: { $accepted }.
match-line = { $number }. { $mark }{ $mentee } → { $mentor } — { $reasons }
match-accept = ✅ { $number }
match-skip = ✖ { $number }
match-page = Страница { $page } из { $pages }
match-unmatched-title = <b>Без пары</b> ({ $count }):
match-unmatched-line = • { $mentee } — могут взять: { $mentors }
match-unmatched-nobody = • { $mentee } — свободных подходящих наставников нет
match-more = и ещё { $count }
match-switch = Переключить: { $mode }
match-confirm = Подтвердить принятые ({ $count })
match-stale = Это предложение уже неактуально. Отправьте /match, чтобы увидеть свежий список.
match-nothing-accepted = Вы ещё не приняли ни одной пары.
match-no-name = участник № { $id }
match-not-said = не указано

match-direction-intellectual = интеллектуальное
match-direction-sport = спортивное
match-direction-volunteer = волонтёрское
match-direction-career = профориентационное
match-direction-creative = творческое
match-direction-methodical = методическое

match-reason-directions = совпадает: { $list }
match-reason-mutual = взаимный выбор
match-reason-mentee-choice = наставляемый выбрал этого наставника ({ $rank }-й выбор)
match-reason-mentor-choice = наставник выбрал этого наставляемого
match-reason-format = подходит формат встреч
match-reason-times = общее время: { $list }
match-reason-none = совпадает только форма наставничества

match-confirmed = { $count ->
    [one] Закреплена { $count } пара. Участники получат уведомления.
    [few] Закреплены { $count } пары. Участники получат уведомления.
   *[many] Закреплено { $count } пар. Участники получат уведомления.
}
match-notify-mentor = Здравствуйте! Вам назначен наставляемый: <b>{ $name }</b>.
    Форма наставничества: { $form }.
    Запросы: { $requests }.
    Цель: { $goal }.
    Пожалуйста, договоритесь о первой (организационной) встрече.
match-notify-mentee = Здравствуйте! Вам назначен наставник: <b>{ $name }</b>.
    Форма наставничества: { $form }.
    Наставник свяжется с Вами, чтобы договориться о первой встрече.
match-notify-minor = Если в паре что-то не так или Вам некомфортно, напишите куратору через команду /pair — это личный канал, его видит только куратор.

match-order-file = Приказ о закреплении пар
match-order-sheet = Приказ
match-order-title = Проект приказа о закреплении наставнических пар
match-order-school-default = Образовательная организация
match-order-date = Дата: { $date }
match-order-col-number = №
match-order-col-mentor = Наставник
match-order-col-mentee = Наставляемый
match-order-col-form = Форма наставничества
match-order-col-period = Срок
match-order-caption = { $count ->
    [one] Проект приказа: { $count } пара.
    [few] Проект приказа: { $count } пары.
   *[many] Проект приказа: { $count } пар.
}

pairup-usage = Чтобы закрепить пару вручную, отправьте: /pairup &lt;номер наставляемого&gt; &lt;номер наставника&gt;, например: /pairup 12 7
pairup-done = Пара закреплена: { $mentee } → { $mentor }, { $form }, с { $start } по { $end }.

pair-error-not-mentor = Наставник не найден в текущей программе (проверьте номер).
pair-error-not-mentee = Наставляемый не найден в текущей программе (проверьте номер).
pair-error-not-ready = Участник ещё не прошёл регистрацию до конца (согласие или анкета) или выбыл из программы.
pair-error-form-mismatch = Наставник не работает в форме наставничества этого наставляемого.
pair-error-mentee-paired = У наставляемого уже есть наставник.
pair-error-mentor-full = У наставника нет свободных мест: больше наставляемых он взять не может.
pair-error-same-person = Нельзя закрепить человека наставником самому себе.
pair-error-not-active = Эта пара уже завершена.
pair-error-bad-reason = Указана неизвестная причина.
pair-error-bad-date = Неверная дата: новая дата окончания должна быть позже текущей.
pair-error-over-a-year = Пара не может длиться больше одного календарного года.
