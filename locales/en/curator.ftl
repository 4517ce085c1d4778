## Curator

curator-menu =
    <b>Curator menu</b>
    What shall we do?
curator-menu-invite = ➕ Invite participants
curator-menu-links = 🔗 Invitation links
curator-menu-import = 📄 Import a list (CSV/XLSX)
curator-menu-consents = 👪 Parents' consents
