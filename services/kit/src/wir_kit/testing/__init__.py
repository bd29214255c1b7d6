"""The test harness every service shares: fixtures (`plugin`), districts, the broker as another
service sees it (`bus`), a started service (`service`), golden examples, waiting, and a sample
service for the kit's and the operator CLI's own tests."""
