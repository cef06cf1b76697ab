"""Flask extensions, created unbound and initialised in create_app."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from actiondays.db import Base
from actiondays.i18n import LocaleDateFormats

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
babel = Babel(date_formats=LocaleDateFormats(Babel.default_date_formats))
csrf = CSRFProtect()
