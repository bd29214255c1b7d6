"""The matching service: Integrationslotsen and Paten matched to people optimally, fairly and with
reasons."""
