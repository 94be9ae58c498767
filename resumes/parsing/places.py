"""Place vocabulary: US states, Canadian provinces, Indian regions, countries, multi-word cities."""

from __future__ import annotations

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}
CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "ON": "Ontario", "PE": "Prince Edward Island",
    "QC": "Quebec", "SK": "Saskatchewan",
}
_REGION_NAMES = [
    *US_STATES.values(), *CA_PROVINCES.values(),
    # Indian states and union territories
    "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa", "Gujarat", "Haryana",
    "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh", "Maharashtra", "Manipur",
    "Meghalaya", "Mizoram", "Nagaland", "Odisha", "Orissa", "Punjab", "Rajasthan", "Sikkim", "Tamil Nadu",
    "Telangana", "Tripura", "Uttar Pradesh", "Uttarakhand", "West Bengal", "Delhi", "Chandigarh",
    "Jammu and Kashmir", "Puducherry",
    # UK nations, Australian states
    "England", "Scotland", "Wales", "Northern Ireland", "New South Wales", "Victoria", "Queensland",
]
COUNTRIES = {
    "USA": "US", "U.S.A.": "US", "US": "US", "U.S.": "US", "United States": "US", "United States of America": "US",
    "Canada": "CA", "Mexico": "MX", "Brazil": "BR", "Argentina": "AR", "Chile": "CL", "Colombia": "CO", "Peru": "PE",
    "UK": "GB", "U.K.": "GB", "United Kingdom": "GB", "Ireland": "IE", "Germany": "DE", "France": "FR",
    "Spain": "ES", "Portugal": "PT", "Italy": "IT", "Netherlands": "NL", "The Netherlands": "NL",
    "Belgium": "BE", "Switzerland": "CH", "Austria": "AT", "Poland": "PL", "Czech Republic": "CZ",
    "Czechia": "CZ", "Sweden": "SE", "Norway": "NO", "Denmark": "DK", "Finland": "FI", "Greece": "GR",
    "Romania": "RO", "Hungary": "HU", "Ukraine": "UA", "Turkey": "TR", "Israel": "IL", "Egypt": "EG",
    "Nigeria": "NG", "Kenya": "KE", "South Africa": "ZA", "Morocco": "MA", "India": "IN", "Pakistan": "PK",
    "Bangladesh": "BD", "Sri Lanka": "LK", "Nepal": "NP", "China": "CN", "Hong Kong": "HK", "Taiwan": "TW",
    "Japan": "JP", "South Korea": "KR", "Korea": "KR", "Singapore": "SG", "Malaysia": "MY",
    "Indonesia": "ID", "Philippines": "PH", "Vietnam": "VN", "Thailand": "TH", "Australia": "AU",
    "New Zealand": "NZ", "UAE": "AE", "United Arab Emirates": "AE", "Saudi Arabia": "SA", "Qatar": "QA",
    "Russia": "RU", "Estonia": "EE", "Lithuania": "LT", "Latvia": "LV", "Luxembourg": "LU",
}
_COUNTRY_AND_REGION_NAMES = frozenset(name.casefold() for name in [*COUNTRIES, *_REGION_NAMES])
# Multi-word places that a contact block can show on a line of their own and that
# would otherwise pass for a two- or three-word name.
_MULTIWORD_CITIES = frozenset(
    name.casefold()
    for name in (
        "New York City", "San Francisco", "Los Angeles", "San Diego", "San Jose", "San Antonio", "Las Vegas",
        "New Orleans", "Salt Lake City", "Kansas City", "Oklahoma City", "Jersey City", "Redwood City",
        "St Louis", "St. Louis", "Saint Louis", "St Paul", "St. Paul", "Saint Paul", "Fort Worth", "El Paso",
        "Santa Clara", "Santa Monica", "Santa Barbara", "Santa Ana", "San Mateo", "Palo Alto", "Mountain View",
        "Menlo Park", "Long Beach", "Newport Beach", "Virginia Beach", "Ann Arbor", "Baton Rouge", "Des Moines",
        "Little Rock", "Sioux Falls", "Colorado Springs", "Grand Rapids", "Boca Raton", "Fort Lauderdale",
        "West Palm Beach", "Silicon Valley", "Bay Area", "Washington DC", "New Delhi", "Navi Mumbai",
        "Greater Noida", "Hong Kong", "Tel Aviv", "Abu Dhabi", "Kuala Lumpur", "Mexico City", "Buenos Aires",
        "Rio de Janeiro", "Sao Paulo", "São Paulo", "Cape Town", "Ho Chi Minh City",
    )
)
_PLACE_NAMES = _COUNTRY_AND_REGION_NAMES | _MULTIWORD_CITIES
_INDIAN_REGIONS = frozenset(_REGION_NAMES[len(US_STATES) + len(CA_PROVINCES) : -7])
