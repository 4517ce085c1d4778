"""The bot's assembly. Importing this package defers the build of aiogram's Telegram models to their
first use (bot/lazy_models.py): start-up in about half the time and memory."""

from bot.lazy_models import install as _defer_aiogram_models

_defer_aiogram_models()
