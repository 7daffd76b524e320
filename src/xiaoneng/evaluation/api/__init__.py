"""REST API of the evaluation context (thin views: parse → one service → serialize)."""
