// Notifications (js/views/notifications.js).
export default {
  en: {
    title: 'Notifications',
    total: { one: '{count} notification,', other: '{count} notifications,' },
    unread: { one: '{count} unread.', other: '{count} unread.' },
    none: 'No notifications yet.',
    markAll: 'Mark all as read',
    allRead: 'All notifications marked as read.',
    markRead: 'Mark as read',
    unreadMark: 'Unread:',
    offerExpires: 'The offer expires:',
  },
  ml: {
    title: 'അറിയിപ്പുകൾ',
    total: { one: '{count} അറിയിപ്പ്,', other: '{count} അറിയിപ്പുകൾ,' },
    unread: { one: '{count} എണ്ണം വായിക്കാനുണ്ട്.', other: '{count} എണ്ണം വായിക്കാനുണ്ട്.' },
    none: 'ഇതുവരെ അറിയിപ്പുകളൊന്നുമില്ല.',
    markAll: 'എല്ലാം വായിച്ചതായി അടയാളപ്പെടുത്തുക',
    allRead: 'എല്ലാ അറിയിപ്പുകളും വായിച്ചതായി അടയാളപ്പെടുത്തി.',
    markRead: 'വായിച്ചതായി അടയാളപ്പെടുത്തുക',
    unreadMark: 'വായിക്കാത്തത്:',
    offerExpires: 'ഓഫറിന്റെ അവസാന സമയം:',
  },
};
