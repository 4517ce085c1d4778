## Куратор

curator-menu =
    <b>Меню куратора</b>
    Что сделаем?
curator-menu-invite = ➕ Пригласить участников
curator-menu-links = 🔗 Ссылки-приглашения
curator-menu-import = 📄 Импорт списка (CSV/XLSX)
curator-menu-consents = 👪 Согласия родителей
