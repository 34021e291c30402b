fn main() {
    escalation_triage::start();
}
