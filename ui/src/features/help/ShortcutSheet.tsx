import { useTranslation } from "react-i18next";
import { Modal } from "../../components/Modal";
import { keyLabel, scopes, shortcuts } from "./shortcuts";

type Props = { onClose: () => void };

const mac = typeof navigator !== "undefined" && /Mac/.test(navigator.platform);

/** The shortcut sheet (? or F1): every shortcut of the window by where it
 * works. */
export function ShortcutSheet({ onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal label={t("shortcutsTitle")} onEscape={onClose}>
      <div className="dialog shortcuts" data-testid="shortcut-sheet">
        <h2>{t("shortcutsTitle")}</h2>
        <div className="shortcut-groups">
          {scopes.map((scope) => (
            <section key={scope}>
              <h3>{t(`shortcutScope_${scope}`)}</h3>
              <table>
                <tbody>
                  {shortcuts
                    .filter((s) => s.scope === scope)
                    .map((s) => (
                      <tr key={s.action} data-testid="shortcut-row">
                        <td className="keys">
                          {s.keys.map((k, i) => (
                            <span key={k}>
                              {i > 0 && " / "}
                              <kbd>{keyLabel(k, mac)}</kbd>
                            </span>
                          ))}
                        </td>
                        <td>{t(s.action)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
        <div className="dialog-buttons">
          <button type="button" className="primary" onClick={onClose} data-testid="shortcuts-close">
            {t("close")}
          </button>
        </div>
      </div>
    </Modal>
  );
}
