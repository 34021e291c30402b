//! Every string the app shows, in English and Japanese.
//!
//! One struct with a field per string, and one value per language: a string missing in either
//! language is a compile error, not a blank in the page. The Japanese follows Partner Center's own
//! Japanese terms (パートナー センター, 顧客, サービス管理, サービス要求, 新しい要求, サービス正常性).

pub use triage_core::Lang;

pub struct Strings {
    pub lang_name: &'static str,
    pub product: &'static str,
    pub tagline: &'static str,
    pub intro: &'static str,
    pub switch_label: &'static str,
    pub steps_label: &'static str,
    pub step_names: [&'static str; 5],
    pub step_hints: [&'static str; 5],
    pub step_of: &'static str,
    pub current_step: &'static str,
    pub back: &'static str,
    pub next: &'static str,
    pub privacy: &'static str,
    pub source_link: &'static str,
    pub panic_title: &'static str,
    pub panic_body: &'static str,
}

pub const EN: Strings = Strings {
    lang_name: "English",
    product: "Escalation Triage",
    tagline: "Should this problem go to Microsoft?",
    intro: "Describe a customer's Microsoft 365 or Azure problem and this tool walks you through \
            Microsoft's rule for CSP partners. First it looks for a documented issue in the customer's \
            service health. If there is none, most problems are yours to fix with admin privileges: \
            software, settings and configuration. Only five kinds of problem go to Microsoft, and those \
            are filed from Partner Center so the partner–customer relationship is kept. The tool \
            explains every conclusion and prepares the service request for you.",
    switch_label: "Language",
    steps_label: "Triage steps",
    step_names: [
        "Describe",
        "Service health",
        "Troubleshoot",
        "Escalation check",
        "Hand off",
    ],
    step_hints: [
        "What happens, to whom, since when and where.",
        "Look for an existing, documented issue first.",
        "Check what you can fix with admin privileges.",
        "Does it fit one of the five kinds Microsoft fixes?",
        "File the service request from Partner Center.",
    ],
    step_of: "Step {n} of {total}",
    current_step: "current step",
    back: "Back",
    next: "Next",
    privacy: "Everything you type stays in this browser unless you choose to share it.",
    source_link: "Microsoft's guidance for partners",
    panic_title: "Something went wrong",
    panic_body: "Escalation Triage hit an unexpected error. Reload the page to carry on; \
                 what you typed is kept in this browser.",
};

pub const JA: Strings = Strings {
    lang_name: "日本語",
    product: "Escalation Triage",
    tagline: "この問題は Microsoft にエスカレートすべきですか?",
    intro: "顧客の Microsoft 365 または Azure の問題を入力すると、CSP パートナー向けの Microsoft の\
            ルールに沿って判断を進めます。まず顧客のサービス正常性に既知の問題が公開されていないかを\
            確認します。該当するものがなければ、多くの問題は管理者特権を使ってパートナーが解決する\
            もの (ソフトウェア、設定、構成) です。Microsoft に引き渡すのは 5 種類の問題だけで、\
            パートナーと顧客の関係を保つため、パートナー センターからサービス要求を作成します。\
            判断の根拠をすべて示し、サービス要求の下書きも用意します。",
    switch_label: "表示言語",
    steps_label: "判定の手順",
    step_names: [
        "問題の内容",
        "サービス正常性",
        "トラブルシューティング",
        "エスカレーションの判断",
        "引き継ぎ",
    ],
    step_hints: [
        "何が、誰に、いつから、どこで起きているか。",
        "まず既存の記録済みの問題を確認します。",
        "管理者特権で解決できることを確認します。",
        "Microsoft が対応する 5 種類に当てはまるか。",
        "パートナー センターからサービス要求を作成します。",
    ],
    step_of: "手順 {n} / {total}",
    current_step: "現在の手順",
    back: "戻る",
    next: "次へ",
    privacy: "入力した内容は、共有を選ばない限りこのブラウザーの外に送信されません。",
    source_link: "パートナー向けの Microsoft のガイダンス",
    panic_title: "問題が発生しました",
    panic_body: "予期しないエラーが発生しました。ページを再読み込みして続けてください。\
                 入力した内容はこのブラウザーに保存されています。",
};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &EN,
        Lang::Ja => &JA,
    }
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_is_translated() {
        // The struct makes a missing string a compile error; this catches a copied-over English one.
        // The product name is a brand and stays the same in both languages.
        assert_eq!(EN.product, JA.product);
        let en = [EN.tagline, EN.intro, EN.privacy, EN.panic_body];
        let ja = [JA.tagline, JA.intro, JA.privacy, JA.panic_body];
        for (e, j) in en.iter().zip(ja) {
            assert_ne!(*e, j);
            assert!(j.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)
                || ('\u{4e00}'..='\u{9fff}').contains(&c)));
        }
        for (e, j) in EN.step_names.iter().zip(JA.step_names) {
            assert_ne!(*e, j);
        }
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill(EN.step_of, &[("n", "2"), ("total", "5")]),
            "Step 2 of 5"
        );
        assert_eq!(
            fill(JA.step_of, &[("n", "2"), ("total", "5")]),
            "手順 2 / 5"
        );
    }
}
