from aiogram.fsm.state import State, StatesGroup


class Dialog(StatesGroup):
    questionnaire = State()  # data: response_id, return_to


class InviteWizard(StatesGroup):
    name = State()
    expiry = State()
    limit = State()


class Roster(StatesGroup):
    waiting_file = State()
