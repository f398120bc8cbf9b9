"""The Company menu's dialogs: trucks, users and the company's details."""
