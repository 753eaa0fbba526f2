"""Operations: Prometheus metrics, structured logs and readiness (what an operator watches)."""
