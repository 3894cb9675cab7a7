"""ChatMember JSON in the shapes Telegram sends for each status."""

from __future__ import annotations

from typing import Any

from bot.sandbox.state import ADMINISTRATOR, CREATOR, KICKED, UserInfo

_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


def member_json(user: UserInfo, status: str, chat_type: str) -> dict[str, Any]:
    data: dict[str, Any] = {"user": user.to_json(), "status": status}
    if status == CREATOR:
        data["is_anonymous"] = False
    elif status == ADMINISTRATOR:
        data["can_be_edited"] = False
        data["is_anonymous"] = False
        for right in _ADMIN_RIGHTS:
            # Bots are added with a sensible set of rights; promotion rights stay with humans.
            data[right] = right not in {"can_promote_members", "can_restrict_members"}
        if chat_type == "channel":
            data["can_post_messages"] = True
            data["can_edit_messages"] = True
        else:
            data["can_pin_messages"] = True
            if chat_type == "supergroup":
                data["can_manage_topics"] = False
    elif status == KICKED:
        data["until_date"] = 0
    return data
