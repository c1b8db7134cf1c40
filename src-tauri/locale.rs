//! The one place the app's language is chosen: the native menu and the web
//! UI both take it from here (the UI through `app_settings`), so they never
//! disagree. The OS language comes from `sys-locale` (on Linux: `LC_ALL`,
//! `LC_MESSAGES`, then `LANG`, read as text; the C locale need not be
//! generated); the user's choice in Settings overrides it.

use serde::{Deserialize, Serialize};

/// A language the app is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub enum Language {
    /// English (`en`).
    #[serde(rename = "en")]
    English,
    /// Simplified Chinese (`zh-CN`).
    #[serde(rename = "zh-CN")]
    Chinese,
}

/// The language chosen in Settings: follow the OS, or one of ours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub enum LanguageChoice {
    /// The OS language (`system`, the default).
    #[default]
    #[serde(rename = "system")]
    System,
    /// English (`en`).
    #[serde(rename = "en")]
    English,
    /// Simplified Chinese (`zh-CN`).
    #[serde(rename = "zh-CN")]
    Chinese,
}

/// Our language for an OS locale as `sys-locale` or `LANG` spell it
/// (`zh-CN`, `zh_CN.UTF-8`, `zh-Hans-CN`, `en-US`, `C`): any Chinese
/// (`zh…`, any case) is Simplified Chinese, the only Chinese we have;
/// anything else, or none, is English.
pub fn os_language(locale: Option<&str>) -> Language {
    match locale {
        Some(l) if l.trim().to_ascii_lowercase().starts_with("zh") => Language::Chinese,
        _ => Language::English,
    }
}

/// The language to show: the user's `choice`, else the OS `locale`'s
/// (see [`os_language`]).
pub fn ui_language(choice: LanguageChoice, locale: Option<&str>) -> Language {
    match choice {
        LanguageChoice::English => Language::English,
        LanguageChoice::Chinese => Language::Chinese,
        LanguageChoice::System => os_language(locale),
    }
}

/// The OS locale as `sys-locale` reads it now.
pub fn system_locale() -> Option<String> {
    sys_locale::get_locale()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_values_as_linux_spells_them() {
        for zh in [
            "zh_CN.UTF-8",
            "zh-CN",
            "zh_TW.UTF-8",
            "zh-Hans-CN",
            "ZH_cn",
            " zh",
        ] {
            assert_eq!(os_language(Some(zh)), Language::Chinese, "{zh}");
        }
        for en in [
            "en_US.UTF-8",
            "en-GB",
            "C",
            "POSIX",
            "C.UTF-8",
            "fr_FR.UTF-8",
            "",
            "z",
        ] {
            assert_eq!(os_language(Some(en)), Language::English, "{en}");
        }
        assert_eq!(os_language(None), Language::English);
    }

    #[test]
    fn the_setting_overrides_the_os() {
        let zh = Some("zh_CN.UTF-8");
        let en = Some("en_US.UTF-8");
        assert_eq!(ui_language(LanguageChoice::System, zh), Language::Chinese);
        assert_eq!(ui_language(LanguageChoice::System, en), Language::English);
        assert_eq!(ui_language(LanguageChoice::English, zh), Language::English);
        assert_eq!(ui_language(LanguageChoice::Chinese, en), Language::Chinese);
        assert_eq!(
            ui_language(LanguageChoice::Chinese, None),
            Language::Chinese
        );
    }

    #[test]
    fn choices_are_stored_as_the_ui_spells_them() {
        assert_eq!(
            serde_json::to_string(&LanguageChoice::Chinese).unwrap(),
            "\"zh-CN\""
        );
        assert_eq!(
            serde_json::to_string(&LanguageChoice::System).unwrap(),
            "\"system\""
        );
        assert_eq!(serde_json::to_string(&Language::English).unwrap(), "\"en\"");
    }
}
