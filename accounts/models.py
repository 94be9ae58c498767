import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from companies.models import Company, TenantModel
from companies.roles import Role, can, roles_for
from companies.tenancy import TenantQuerySet

__all__ = ["Invitation", "Role", "User"]


class UserQuerySet(TenantQuerySet):
    pass


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("role", Role.ADMIN)
        fields["is_superuser"] = True
        fields["is_staff"] = True
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: email as the login, a role inside one company."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RECRUITER)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, null=True, blank=True, related_name="users")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Company administrators and superusers use the Django admin."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Every API token carries the version it was issued under (accounts.authentication);
    # bumping it revokes them all at once.
    token_version = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        indexes = [models.Index(fields=["company", "role"])]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        # The roles allowed `admin_site` (companies.roles) manage their company in the Django admin.
        self.email = (self.email or "").lower()
        self.is_staff = self.is_superuser or self.role in roles_for("admin_site")
        if not self.is_active and not self._state.adding:
            # Whatever path deactivates (the team page, the admin, a script), no token
            # issued before survives it, so a reactivation does not revive them.
            self.revoke_tokens()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "token_version" not in update_fields and self._tokens_revoked:
            kwargs["update_fields"] = [*update_fields, "token_version"]
        super().save(*args, **kwargs)
        self._tokens_revoked = False

    _tokens_revoked = False

    def revoke_tokens(self) -> None:
        """Invalidate every API token issued to this user so far (saved with the user)."""
        self.token_version += 1
        self._tokens_revoked = True

    def _get_session_auth_hash(self, secret=None) -> str:
        # Portal sessions carry this hash; with token_version in it, whatever revokes
        # API tokens (deactivation, a new password) ends every portal session too, and
        # a reactivation does not bring an old session back.
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}|{self.token_version}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def set_password(self, raw_password) -> None:
        # A new password (not the first one) ends every API token issued under the old one.
        if not self._state.adding and self.password:
            self.revoke_tokens()
        super().set_password(raw_password)

    def can(self, action: str) -> bool:
        """companies.roles.can for this user: the one table of who may do what."""
        return can(self, action)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Invitation(TenantModel):
    """An admin's invitation of a colleague; the link works once and expires."""

    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RECRUITER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Kept rather than deleted so the team page and the admin can say why a link stopped working.
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_usable(self) -> bool:
        return self.status == "pending"


class SignInFailure(models.Model):
    """Recent failed sign-ins of one account from one client address.

    Keyed by a hash of both together, so the failures of others (behind the same
    address, or against the same account from elsewhere) never refuse anyone's
    correct password; neither the email nor the address is stored in plain text.
    In the database rather than the cache, so the limit holds while the cache is down.
    """

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(db_index=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.failures} failures, locked until {self.locked_until}"
